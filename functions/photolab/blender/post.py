"""Photo lab post step: denoise, the seller's faults, JPEG; the truth files.

  /usr/bin/python3 post.py RAW_DIR CORPUS_DIR      (needs python3-numpy and python3-pil)

RAW_DIR holds passes.npz and render.json from gen.py.  Writes CORPUS_DIR/<id>/photo.jpg, mask.png,
regions.png, truth.json and clean-label.png (when the label is visible).
"""
import json
import math
import os
import sys
import time

import numpy as np
from PIL import Image

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import plan  # noqa: E402

# ----------------------------------------------------------------------------- colour

def srgb_encode(x):
    x = np.clip(x, 0.0, 1.0)
    return np.where(x <= 0.0031308, 12.92 * x, 1.055 * np.power(x, 1 / 2.4) - 0.055)

def srgb_decode(v):
    v = np.asarray(v, dtype=np.float64)
    return np.where(v <= 0.04045, v / 12.92, ((v + 0.055) / 1.055) ** 2.4)

def to8(lin):
    return np.clip(np.round(srgb_encode(lin) * 255.0), 0, 255).astype(np.uint8)

M_XYZ = np.array([[0.4124564, 0.3575761, 0.1804375], [0.2126729, 0.7151522, 0.0721750], [0.0193339, 0.1191920, 0.9503041]])
WHITE = np.array([0.95047, 1.0, 1.08883])

def srgb8_to_lab(rgb8):
    lin = srgb_decode(np.asarray(rgb8, dtype=np.float64) / 255.0)
    xyz = M_XYZ @ lin / WHITE
    f = np.where(xyz > (6 / 29) ** 3, np.cbrt(xyz), xyz / (3 * (6 / 29) ** 2) + 4 / 29)
    return [116 * f[1] - 16, 500 * (f[0] - f[1]), 200 * (f[1] - f[2])]

def kelvin_rgb(k):
    """Approximate linear-RGB colour of a black body (Tanner Helland's fit, sRGB, normalised to G)."""
    t = k / 100.0
    r = 255 if t <= 66 else 329.698727446 * (t - 60) ** -0.1332047592
    g = 99.4708025861 * math.log(t) - 161.1195681661 if t <= 66 else 288.1221695283 * (t - 60) ** -0.0755148492
    b = 255 if t >= 66 else (0 if t <= 19 else 138.5177312231 * math.log(t - 10) - 305.0447927307)
    c = srgb_decode(np.clip(np.array([r, g, b]) / 255.0, 0.001, 1))
    return c / c[1]

# ----------------------------------------------------------------------------- filters

def shift(a, dy, dx):
    """a shifted by (dy, dx) with edge replication."""
    h, w = a.shape[:2]
    ys = np.clip(np.arange(h) + dy, 0, h - 1)
    xs = np.clip(np.arange(w) + dx, 0, w - 1)
    return a[ys][:, xs]

class Padded:
    def __init__(self, a, p):
        self.p = p
        pad = [(p, p), (p, p)] + [(0, 0)] * (a.ndim - 2)
        self.a = np.pad(a, pad, mode="edge")
        self.h, self.w = a.shape[:2]

    def at(self, dy, dx):
        p = self.p
        return self.a[p + dy:p + dy + self.h, p + dx:p + dx + self.w]

def denoise(color, albedo, normal, index, iterations=4):
    """Edge-avoiding a-trous filter (3x3 taps, steps 1, 2, 4, 8) on the demodulated illumination,
    guided by the albedo, normal and object-index passes (this Blender build has no OpenImageDenoise).
    Texture (labels, grain) comes back from the albedo pass, far less noisy, so small print stays sharp."""
    alb = np.maximum(albedo, 0.03).astype(np.float32)
    irr = (color / alb).astype(np.float32)
    guide = np.concatenate([normal * 1.8, albedo * 5.0], axis=2).astype(np.float32)
    P = 1 << (iterations - 1)
    G = Padded(guide, P)
    I = Padded(index.astype(np.int16), P)
    k1 = [0.25, 0.5, 0.25]
    for it in range(iterations):
        step = 1 << it
        R = Padded(irr, P)
        lum = irr.mean(axis=2)
        L = Padded(lum, P)
        acc = irr * 0.25
        wsum = np.full(lum.shape, 0.25, np.float32)
        for i in range(3):
            for j in range(3):
                if i == 1 and j == 1:
                    continue
                dy, dx = (i - 1) * step, (j - 1) * step
                d = guide - G.at(dy, dx)
                g = np.einsum("ijk,ijk->ij", d, d)
                l2 = L.at(dy, dx)
                dl = np.abs(lum - l2) / (0.3 * (lum + l2) + 0.02) * (0.7 / (1 + it))
                w = (k1[i] * k1[j]) * np.exp(-(g + dl)) * (I.at(dy, dx) == index)
                acc += R.at(dy, dx) * w[..., None]
                wsum += w
        irr = acc / wsum[..., None]
    return (irr * alb).astype(np.float32)

def gaussian(img, sigma):
    if sigma <= 0:
        return img
    r = max(1, int(math.ceil(3 * sigma)))
    k = np.exp(-0.5 * (np.arange(-r, r + 1) / sigma) ** 2)
    k /= k.sum()
    out = np.zeros_like(img)
    for i, kv in enumerate(k):
        out += shift(img, 0, i - r) * kv
    out2 = np.zeros_like(img)
    for i, kv in enumerate(k):
        out2 += shift(out, i - r, 0) * kv
    return out2

# ----------------------------------------------------------------------------- main

def main(raw, corpus):
    t0 = time.time()
    info = json.load(open(os.path.join(raw, "render.json")))
    spec = info["spec"]
    z = np.load(os.path.join(raw, "passes.npz"))
    col = z["main_combined"].astype(np.float32)
    idx = np.round(z["main_index"]).astype(np.int32)
    H, W = idx.shape
    prod = (idx >= 1) & (idx <= 9)
    # --- the seller's photo
    img = denoise(col, z["main_albedo"].astype(np.float32), z["main_normal"].astype(np.float32), idx, iterations=3)
    lum = img @ np.array([0.2126, 0.7152, 0.0722], np.float32)
    yy, xx = np.mgrid[0:H, 0:W]
    rr = ((yy - H / 2) / (H / 2)) ** 2 + ((xx - W / 2) / (W / 2)) ** 2
    cw = np.exp(-rr * 1.2)  # centre-weighted metering, like a phone's auto exposure
    # phone-like auto exposure: the centre-weighted mean of the gamma-encoded frame at ~0.46 (sRGB 118),
    # letting the brightest 0.1% (speculars) clip a little rather than darkening the whole frame
    ls, ws = lum[::4, ::4], cw[::4, ::4]
    lo, hi = 1e-3, 1e3
    for _ in range(40):
        g = math.sqrt(lo * hi)
        m = float((srgb_encode(ls * g) * ws).sum() / ws.sum())
        lo, hi = (g, hi) if m < 0.46 else (lo, g)
    p999 = float(np.percentile(ls, 99.9))
    ae_gain = min(math.sqrt(lo * hi), 1.5 / max(p999, 1e-4))
    f = spec["faults"]
    fam = spec["family"]
    # auto white balance: corrects the dominant light's colour, partly (phones keep some warmth)
    lights = spec["scene"]["light"]["lights"]
    dom = max(lights, key=lambda L: L["watts"]) if lights else None
    kelvin = dom["kelvin"] if dom else spec["scene"]["light"]["hdriKelvin"]
    awb_strength = {"tungsten": 0.55, "mixed-light": 0.6}.get(fam, 0.85)
    awb = kelvin_rgb(kelvin) ** (-awb_strength)
    awb = awb / awb[1]
    gains = np.array(f["castGains"], np.float32) * awb.astype(np.float32) * ae_gain * (2.0 ** f["exposureEv"])
    img = img * gains
    if f["vignetting"] > 0:
        img = img * (1.0 - f["vignetting"] * np.clip(rr / 2.0, 0, 1) ** 1.0 * 1.0)[..., None].astype(np.float32)
    img = gaussian(img, f["blurPx"])
    rng = np.random.default_rng(spec["seed"])
    sh, rd = f["noise"]["shot"], f["noise"]["read"]
    if sh > 0 or rd > 0:
        sig = np.sqrt(np.maximum(img, 0) * sh + rd * rd)
        common = rng.standard_normal((H, W, 1)).astype(np.float32)
        own = rng.standard_normal((H, W, 3)).astype(np.float32)
        img = img + sig * (0.75 * common + 0.45 * own)
    photo = to8(img)
    out = os.path.join(corpus, spec["id"])
    os.makedirs(out, exist_ok=True)
    Image.fromarray(photo).save(os.path.join(out, "photo.jpg"), quality=int(f["jpegQuality"]), subsampling=2, optimize=True)
    # --- mask: cryptomatte coverage (antialiased), checked against the object-index pass
    if "main_coverage" in z.files:
        cov = np.clip(z["main_coverage"].astype(np.float32), 0, 1)
        agree = ((cov >= 0.5) == prod).mean()
        if agree < 0.99:
            print("WARN coverage disagrees with index pass (%.4f); using the index pass" % agree)
            cov = prod.astype(np.float32)
    else:
        cov = prod.astype(np.float32)
    mask = np.clip(np.round(cov * 255), 0, 255).astype(np.uint8)
    Image.fromarray(mask, "L").save(os.path.join(out, "mask.png"), optimize=True)
    regions = np.where(prod, idx, 0).astype(np.uint8)
    Image.fromarray(regions, "L").save(os.path.join(out, "regions.png"), optimize=True)
    # --- the clean shot: true colours and the label reference
    ccol = z["clean_combined"].astype(np.float32)
    cidx = np.round(z["clean_index"]).astype(np.int32)
    # only the product's box matters in the clean shot (it was rendered with a border there)
    ys_, xs_ = np.nonzero(prod)
    by0, by1 = max(0, ys_.min() - 20), min(H, ys_.max() + 21)
    bx0, bx1 = max(0, xs_.min() - 20), min(W, xs_.max() + 21)
    clean = np.zeros_like(ccol)
    clean[by0:by1, bx0:bx1] = denoise(ccol[by0:by1, bx0:bx1], z["clean_albedo"][by0:by1, bx0:bx1].astype(np.float32),
                                      z["clean_normal"][by0:by1, bx0:bx1].astype(np.float32), cidx[by0:by1, bx0:bx1],
                                      iterations=3)
    clean8 = to8(clean)
    regs = []
    for k in sorted(int(x) for x in np.unique(regions) if x > 0):
        sel = (regions == k) & (cidx == k)
        n = int((regions == k).sum())
        if sel.sum() == 0:
            continue
        m = clean8[sel].astype(np.float64).mean(axis=0)
        srgb = [int(round(v)) for v in m]
        lab = [round(float(v), 2) for v in srgb8_to_lab(m)]
        alb = to8(z["main_diffcol"][regions == k].astype(np.float32)).astype(np.float64).mean(axis=0)
        regs.append({"id": k, "name": info["regions"].get(str(k), "part%d" % k), "trueSrgb": srgb, "trueLab": lab,
                     "pixels": n, "albedoSrgb": [int(round(v)) for v in alb]})
    lab_sel = regions == 2
    label_box = None
    if lab_sel.sum() >= 300:
        ys, xs = np.nonzero(lab_sel)
        x0, x1, y0, y1 = int(xs.min()), int(xs.max()), int(ys.min()), int(ys.max())
        label_box = [x0, y0, x1 - x0 + 1, y1 - y0 + 1]
        Image.fromarray(clean8[y0:y1 + 1, x0:x1 + 1]).save(os.path.join(out, "clean-label.png"), optimize=True)
    elif os.path.exists(os.path.join(out, "clean-label.png")):
        os.remove(os.path.join(out, "clean-label.png"))
    faults = dict(f)
    faults["autoExposureGain"] = round(ae_gain, 4)
    faults["whiteBalance"] = {"dominantKelvin": kelvin, "awbStrength": awb_strength,
                              "residualGains": [round(float(v), 4) for v in (kelvin_rgb(kelvin) * awb)]}
    faults["jpeg"] = {"quality": int(f["jpegQuality"]), "subsampling": "4:2:0"}
    scene = dict(spec["scene"])
    scene["product"] = spec["product"]
    scene["objects"] = info["objects"]
    truth = {
        "id": spec["id"], "family": fam, "kind": spec["kind"], "kindName": spec["kindName"],
        "sizeCm": info["sizeCm"], "longSide": max(H, W), "width": W, "height": H,
        "labelBox": label_box, "regions": regs, "faults": faults, "scene": scene, "seed": spec["seed"],
        "render": {"samples": info["render"]["samples"], "cleanSamples": info["render"]["cleanSamples"],
                   "seconds": round(info["render"]["secondsTotal"] + time.time() - t0, 1),
                   "secondsRender": info["render"]["secondsMain"] + info["render"]["secondsClean"],
                   "secondsPost": round(time.time() - t0, 1), "engine": "Blender 3.4 Cycles CPU",
                   "denoise": "a-trous, albedo/normal/index guided (post.py)"},
        "truthNotes": "mask: cryptomatte coverage of the product objects; regions: object-index pass; "
                      "trueSrgb: mean sRGB8 of the clean render over the region; trueLab: CIE Lab (D65) of trueSrgb; "
                      "albedoSrgb: mean sRGB8 of the diffuse-colour pass (0 for metal and glass)",
    }
    with open(os.path.join(out, "truth.json"), "w") as fh:
        json.dump(truth, fh, indent=1)
    import neutral  # the neutral truth is computed from the written photo, as for the committed corpus
    neutral.annotate(out)
    print("POST", spec["id"], "%.1fs" % (time.time() - t0), "ae=%.2f" % ae_gain, "label", label_box)

if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
