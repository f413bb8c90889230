"""Truth mask for ../shared/realworld/photos/skimage__coffee.png (600x400): cup, saucer and spoon.

Made by hand: boundary points read off 3x zooms of the photo with a 10 px grid, then
  saucer = least-squares ellipse (a circle's perspective image) through 29 rim points,
  cup    = polygon along the white rim (edge positions measured along rays) and down into the saucer,
  spoon  = polygon along the handle's end that sticks out above the saucer.
Everything inside the saucer's outline is product (saucer, cup, handle, spoon); the cast shadow on
the table (lower left) and the table are not.  Drawn at 4x and downsampled, so edges are antialiased.
  /usr/bin/python3 make_coffee_mask.py OUT.png
"""
import sys

import numpy as np
from PIL import Image, ImageDraw

W, H, S = 600, 400, 4

SAUCER = [(180, 70), (167, 75), (143, 85), (120, 100), (100, 130), (82, 177), (77, 210), (80, 247), (90, 277),
          (107, 307), (127, 333), (150, 356), (190, 377), (250, 387), (300, 389), (350, 381), (400, 366),
          (410, 351), (436.7, 330), (456.7, 306.7), (470, 280), (476.7, 253), (478, 227), (476.7, 203),
          (470, 176.7), (456.7, 150), (440, 126.7), (433, 117), (417, 107)]
# cup: the white rim's outer edge where the brightness falls fastest along rays from (290, 115), every 6
# degrees from 26 to 158 (edge positions, so the 50% boundary), then the sides down into the saucer
CUP = [(390.0, 66.2), (382.6, 57.1), (374.3, 49.1), (365.4, 42.2), (356.2, 36.1), (346.6, 31.1), (336.8, 26.9),
       (327.0, 23.4), (316.9, 21.3), (306.9, 19.2), (296.8, 17.7), (286.6, 17.3), (276.3, 17.5), (266.0, 18.7),
       (255.5, 20.3), (245.2, 23.1), (234.8, 26.6), (224.6, 31.3), (214.6, 37.0), (205.2, 43.8), (196.3, 51.8),
       (188.5, 61.0), (182.0, 71.4), (177.5, 83.0), (173.5, 94.5), (172.5, 106.8), (173.3, 119.1), (175.9, 131.0),
       (185, 200), (300, 230), (390, 200), (400, 165), (405, 140), (403, 110), (398, 87), (394, 74)]
SPOON = [(398, 72), (404, 68), (410, 67), (416, 68), (420, 70), (423, 76), (423, 80), (420, 90), (418, 97),
         (416, 106), (414, 118), (404, 118), (403, 100), (400, 87)]

def fit_ellipse(pts):
    p = np.asarray(pts, float)
    x, y = p[:, 0], p[:, 1]
    D = np.stack([x * x, x * y, y * y, x, y, np.ones_like(x)], axis=1)
    _, _, vt = np.linalg.svd(D)
    return vt[-1]  # conic coefficients a..f with a x^2 + b xy + c y^2 + d x + e y + f = 0

def conic_inside(coef, xs, ys):
    a, b, c, d, e, f = coef
    v = a * xs * xs + b * xs * ys + c * ys * ys + d * xs + e * ys + f
    # the sign at the ellipse's centre is "inside"
    centre = np.linalg.solve([[2 * a, b], [b, 2 * c]], [-d, -e])
    vc = a * centre[0] ** 2 + b * centre[0] * centre[1] + c * centre[1] ** 2 + d * centre[0] + e * centre[1] + f
    return (v * np.sign(vc)) > 0, centre

def main(out):
    ys, xs = np.mgrid[0:H * S, 0:W * S].astype(np.float64)
    xs = (xs + 0.5) / S
    ys = (ys + 0.5) / S
    inside, centre = conic_inside(fit_ellipse(SAUCER), xs, ys)
    big = Image.fromarray((inside * 255).astype(np.uint8), "L")
    d = ImageDraw.Draw(big)
    for poly in (CUP, SPOON):
        d.polygon([(x * S, y * S) for x, y in poly], fill=255)
    m = big.resize((W, H), Image.BOX)
    m.save(out, optimize=True)
    a = np.asarray(m)
    print("saucer centre %.1f,%.1f; product share %.3f" % (centre[0], centre[1], (a >= 128).mean()))

if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "skimage__coffee_mask.png")
