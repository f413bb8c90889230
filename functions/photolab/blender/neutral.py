"""The neutral truth: each product region's colour in the seller's photo with its known faults undone.

  /usr/bin/python3 neutral.py CORPUS_DIR [ID ...]      (needs python3-numpy and python3-pil)

Adds to every region of CORPUS_DIR/<id>/truth.json:
  neutralSrgb, neutralLab   the region's mean sRGB 8-bit colour (and its CIE Lab, D65) over its inside (> 3 px
                            from its edge) once the photo's exposure fault and vignetting and the colour of the light
                            on the product (cast and white balance included: light_colour) are divided
                            out in linear RGB: the same scene under neutral light at the phone's
                            auto exposure (faults.autoExposureGain) -- what an ideal white balance and exposure
                            correction of this photo gives. Shading, reflections and the auto exposure stay.
  neutralClipped            the share of those pixels clipped (a channel at 255) in the photo: the neutral
                            colour there is a lower bound.

Why a second truth beside trueSrgb (the clean render under a uniform white sky, close to the albedo): a
retoucher keeps a product's shading and the photo's exposure when both are right; against the albedo a
faultless, well-exposed photo of a cylinder reads ΔE 15-40 and the only way to approach it is to brighten
(+1-2 EV), which clips the product's highlights and whites. Against the neutral truth a faultless photo reads
about ΔE 1 (JPEG and noise), so "a well-exposed neutral photo is left alone" and "undo the cast and the exposure
fault" are what the measure rewards. It is computed from the committed photo (noise is zero-mean and averages out
over a region; the faults are known exactly), so it needs no re-render; post.py calls it for new renders.
Mixed light: the product's average light is made neutral (a global correction cannot neutralise two light colours).
"""
import json
import os
import sys

import numpy as np
from PIL import Image

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
from post import srgb_decode, srgb_encode, srgb8_to_lab  # noqa: E402


def vignetting(faults, h, w):
    """post.py's vignetting factor per pixel: (h, w)."""
    if faults["vignetting"] <= 0:
        return np.ones((h, w))
    yy, xx = np.mgrid[0:h, 0:w]
    rr = ((yy - h / 2) / (h / 2)) ** 2 + ((xx - w / 2) / (w / 2)) ** 2
    return 1.0 - faults["vignetting"] * np.clip(rr / 2.0, 0, 1)


def light_colour(lin, regions, truth_regions):
    """The colour of the light on the product as the photo shows it, G = 1: per diffuse region, the photo's mean
    linear colour over the clean render's (uniform white light), whose ratio is the light's colour times the
    region's (grey) shading; a pixel-weighted geometric mean over regions. Measured, not taken from the scene's
    lamps, because the room's sky often outweighs the lamp (pl-001: a 3500 K lamp under a 6500 K studio sky; white
    balancing for the lamp alone turns the white label blue, sRGB 118,136,168)."""
    logs, weights = [], []
    for r in truth_regions:
        alb = np.asarray(r.get("albedoSrgb", [0, 0, 0]), np.float64)
        clean = srgb_decode(np.asarray(r["trueSrgb"], np.float64) / 255.0)
        inside = erode(regions == r["id"], 3)
        if alb.max() < 25 or clean.min() < 0.02 or inside.sum() < 200:
            continue  # metal, glass (no diffuse colour) or too dark or small to tell a colour
        photo = lin[inside].mean(axis=0)
        if photo.min() <= 1e-4:
            continue
        ratio = photo / clean
        logs.append(np.log(ratio / ratio[1]))
        weights.append(float(inside.sum()))
    if not logs:
        return np.ones(3)
    return np.exp(np.average(np.array(logs), axis=0, weights=weights))


def erode(mask, r):
    m = mask.copy()
    for _ in range(r):
        n = m.copy()
        n[1:, :] &= m[:-1, :]
        n[:-1, :] &= m[1:, :]
        n[:, 1:] &= m[:, :-1]
        n[:, :-1] &= m[:, 1:]
        m = n
    return m


def neutral_regions(photo8, regions, faults, truth_regions):
    """{region id: (srgb8 [3], lab [3], clipped share)} for every region id > 0 in the label map."""
    h, w = regions.shape
    lin = srgb_decode(photo8.astype(np.float64) / 255.0) / vignetting(faults, h, w)[..., None] / (2.0 ** faults["exposureEv"])
    lin = lin / light_colour(lin, regions, truth_regions)[None, None, :]
    neutral8 = np.clip(srgb_encode(lin) * 255.0, 0, 255)
    clipped = (photo8 >= 255).any(axis=2)
    out = {}
    for k in sorted(int(v) for v in np.unique(regions) if v > 0):
        sel = regions == k
        inside = erode(sel, 3)
        if inside.sum() < 50:
            inside = sel
        mean = neutral8[inside].mean(axis=0)
        out[k] = ([int(round(v)) for v in mean], [round(float(v), 2) for v in srgb8_to_lab(mean)],
                  round(float(clipped[inside].mean()), 4))
    return out


def annotate(photo_dir):
    path = os.path.join(photo_dir, "truth.json")
    truth = json.load(open(path))
    photo8 = np.asarray(Image.open(os.path.join(photo_dir, "photo.jpg")).convert("RGB"))
    regions = np.asarray(Image.open(os.path.join(photo_dir, "regions.png")))
    colours = neutral_regions(photo8, regions, truth["faults"], truth["regions"])
    for r in truth["regions"]:
        if r["id"] in colours:
            r["neutralSrgb"], r["neutralLab"], r["neutralClipped"] = colours[r["id"]]
    truth["truthNotes"] = truth.get("truthNotes", "").split("; neutralSrgb")[0] + (
        "; neutralSrgb: mean sRGB8 over the region's inside (> 3 px from its edge) of the photo with its cast, exposure "
        "fault, vignetting and the measured light colour on the product divided out (neutral light at the phone's auto exposure; neutral.py)")
    with open(path, "w") as fh:
        json.dump(truth, fh, indent=1)
    return truth


def main(corpus, ids):
    if not ids:
        ids = sorted(d for d in os.listdir(corpus) if os.path.isfile(os.path.join(corpus, d, "truth.json")))
    for i in ids:
        t = annotate(os.path.join(corpus, i))
        print("NEUTRAL", i, " ".join("%s=%s" % (r["name"], r.get("neutralSrgb")) for r in t["regions"]))


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2:])
