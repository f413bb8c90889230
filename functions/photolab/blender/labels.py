"""Printed label textures with small text (PIL, Debian's python3-pil; fonts from fonts-dejavu-core and -extra)."""
import random

from PIL import Image, ImageDraw, ImageFont

FONTS = "/usr/share/fonts/truetype/dejavu/"
WORDS = ("water sugar salt extract natural organic vitamin acid oil citrus aqua glycerin sodium flower seed "
         "leaf powder cocoa milk vinegar pepper tocopherol lemon rosemary sunflower").split()

def font(name, size):
    return ImageFont.truetype(FONTS + name, max(6, int(size)))

def srgb8(c):
    def enc(x):
        x = max(0.0, min(1.0, x))
        return 12.92 * x if x <= 0.0031308 else 1.055 * x ** (1 / 2.4) - 0.055
    return tuple(int(round(255 * enc(x))) for x in c)

def make_label(path, brand, name, color_lin, w_cm, h_cm, seed=0, px_per_cm=90):
    rng = random.Random(seed)
    W = max(256, min(4096, int(w_cm * px_per_cm)))
    H = max(128, min(2048, int(h_cm * px_per_cm)))
    bg = srgb8(color_lin)
    lum = 0.3 * bg[0] + 0.59 * bg[1] + 0.11 * bg[2]
    ink = (20, 20, 22) if lum > 110 else (238, 236, 228)
    accent = rng.choice([(180, 30, 25), (20, 70, 140), (30, 110, 50), (200, 140, 20), (90, 40, 110)])
    im = Image.new("RGB", (W, H), bg)
    d = ImageDraw.Draw(im)
    # work on the label's middle third (what faces the camera on a wrap-around label)
    cx0, cx1 = (int(W * 0.3), int(W * 0.7)) if W > 2.2 * H else (int(W * 0.06), int(W * 0.94))
    cw = cx1 - cx0
    d.rectangle([0, int(H * 0.04), W, int(H * 0.07)], fill=accent)
    d.rectangle([0, int(H * 0.93), W, int(H * 0.96)], fill=accent)
    big = font("DejaVuSerif-Bold.ttf" if rng.random() < 0.5 else "DejaVuSans-Bold.ttf", H * 0.2)
    while d.textlength(brand, font=big) > cw * 0.95 and big.size > 8:
        big = font(big.path.split("/")[-1], big.size * 0.9)
    tw = d.textlength(brand, font=big)
    d.text((cx0 + (cw - tw) / 2, H * 0.12), brand, font=big, fill=ink)
    mid = font("DejaVuSans.ttf", H * 0.085)
    while d.textlength(name, font=mid) > cw * 0.95 and mid.size > 7:
        mid = font("DejaVuSans.ttf", mid.size * 0.9)
    tw = d.textlength(name, font=mid)
    d.text((cx0 + (cw - tw) / 2, H * 0.38), name, font=mid, fill=accent if lum > 110 else ink)
    # small print: ingredients, in a 7..10 pt-like size
    small = font("DejaVuSansCondensed.ttf", max(9, H * 0.045))
    y = H * 0.52
    line = "Ingredients: "
    lines = []
    while len(lines) < 5:
        wd = rng.choice(WORDS)
        if d.textlength(line + wd + ", ", font=small) > cw * 0.95:
            lines.append(line)
            line = ""
        line += wd + ", "
    for ln in lines:
        d.text((cx0, y), ln, font=small, fill=ink)
        y += small.size * 1.2
    vol = rng.choice(["500 ml", "250 ml", "330 ml e", "200 g", "1 L", "50 ml", "125 g"])
    d.text((cx0, H * 0.84), vol, font=font("DejaVuSans-Bold.ttf", H * 0.06), fill=ink)
    # barcode at the right of the panel
    bx, by, bh = cx1 - int(cw * 0.28), int(H * 0.8), int(H * 0.1)
    x = bx
    d.rectangle([bx - 4, by - 4, cx1 - 2, by + bh + 4], fill=(250, 250, 250))
    while x < cx1 - 8:
        wbar = rng.choice([1, 1, 2, 3])
        d.rectangle([x, by, x + wbar - 1, by + bh], fill=(10, 10, 10))
        x += wbar + rng.choice([1, 2, 2, 3])
    im.save(path)
    return path
