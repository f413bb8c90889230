"""The photo lab's corpus plan: seed -> every scene parameter (plain Python, no bpy).

A seed picks one row of PLAN (cycling, so seeds past the table give fresh scenes of the same
families) and drives every random choice of that photo.  gen.py (inside Blender) and post.py
(outside) both call spec(seed), so a photo is fully described by its seed.
"""
import random

# (family, kind, options).  Options: 'res' long side; 'group' shares product (multi-angle) or scene
# (collection) parameters between photos; 'angle' index in a multi-angle group; 'tone' 'white'/'dark'.
PLAN = [
    # 1..6 wood table + wall
    ("wood-table-wall", "bottle", {}),
    ("wood-table-wall", "mug", {}),
    ("wood-table-wall", "box", {"res": 3000}),
    ("wood-table-wall", "can", {}),
    ("wood-table-wall", "jar", {}),
    ("wood-table-wall", "pump", {}),
    # 7..12 stone (slate, marble, concrete)
    ("stone", "metal", {"surface": "slate"}),
    ("stone", "can", {"surface": "slate", "tone": "dark"}),
    ("stone", "jar", {"surface": "marble"}),
    ("stone", "bottle", {"surface": "marble", "tone": "white"}),
    ("stone", "jewellery", {"surface": "marble"}),
    ("stone", "mug", {"surface": "concrete"}),
    # 13..17 fabric
    ("fabric", "jewellery", {}),
    ("fabric", "apparel", {}),
    ("fabric", "glass", {}),
    ("fabric", "mug", {"tone": "white"}),
    ("fabric", "shoe", {}),
    # 18..22 flat-lay (top down)
    ("flat-lay", "apparel", {}),
    ("flat-lay", "box", {}),
    ("flat-lay", "jewellery", {}),
    ("flat-lay", "tube", {}),
    ("flat-lay", "shoe", {"res": 3000}),
    # 23..28 paper sweep
    ("paper-sweep", "bottle", {}),
    ("paper-sweep", "glass", {}),
    ("paper-sweep", "pump", {}),
    ("paper-sweep", "shoe", {}),
    ("paper-sweep", "metal", {}),
    ("paper-sweep", "box", {"tone": "white"}),
    # 29..34 cluttered desk
    ("cluttered-desk", "mug", {}),
    ("cluttered-desk", "bottle", {}),
    ("cluttered-desk", "box", {}),
    ("cluttered-desk", "can", {}),
    ("cluttered-desk", "jar", {}),
    ("cluttered-desk", "glass", {}),
    # 35..40 window light
    ("window-light", "bottle", {}),
    ("window-light", "glass", {}),
    ("window-light", "mug", {}),
    ("window-light", "metal", {"res": 3000}),
    ("window-light", "shoe", {}),
    ("window-light", "jar", {}),
    # 41..45 tungsten
    ("tungsten", "mug", {}),
    ("tungsten", "bottle", {}),
    ("tungsten", "box", {}),
    ("tungsten", "can", {}),
    ("tungsten", "jewellery", {}),
    # 46..50 mixed light
    ("mixed-light", "pump", {}),
    ("mixed-light", "bottle", {"tone": "dark"}),
    ("mixed-light", "jar", {}),
    ("mixed-light", "apparel", {}),
    ("mixed-light", "can", {}),
    # 51..53 mannequin
    ("mannequin", "garment", {}),
    ("mannequin", "garment", {}),
    ("mannequin", "garment", {"res": 3000}),
    # 54..58 multi-angle: one bottle from 5 angles
    ("multi-angle", "bottle", {"group": "ma-1", "angle": 0}),
    ("multi-angle", "bottle", {"group": "ma-1", "angle": 1}),
    ("multi-angle", "bottle", {"group": "ma-1", "angle": 2}),
    ("multi-angle", "bottle", {"group": "ma-1", "angle": 3}),
    ("multi-angle", "bottle", {"group": "ma-1", "angle": 4}),
    # 59..64 collection: products of known real sizes, one photo each, same table and light
    ("collection", "jar", {"group": "col-1", "size": [7.0, 9.0, 7.0]}),
    ("collection", "bottle", {"group": "col-1", "size": [6.5, 22.0, 6.5]}),
    ("collection", "mug", {"group": "col-1", "size": [11.5, 9.5, 8.2]}),
    ("collection", "box", {"group": "col-1", "size": [12.0, 16.0, 5.0]}),
    ("collection", "can", {"group": "col-1", "size": [6.6, 12.2, 6.6]}),
    ("collection", "pump", {"group": "col-1", "size": [7.0, 19.0, 7.0]}),
    # 65..70 more of the common cases
    ("wood-table-wall", "metal", {"tone": "dark"}),
    ("stone", "box", {"surface": "slate", "tone": "dark"}),
    ("paper-sweep", "jewellery", {}),
    ("window-light", "apparel", {}),
    ("tungsten", "glass", {}),
    ("cluttered-desk", "pump", {}),
    # 71..74 four more of the collection (issue 17's bar names ten products of known sizes)
    ("collection", "bottle", {"group": "col-1", "size": [5.5, 15.0, 5.5]}),
    ("collection", "jar", {"group": "col-1", "size": [9.0, 12.0, 9.0]}),
    ("collection", "can", {"group": "col-1", "size": [5.3, 9.0, 5.3]}),
    ("collection", "box", {"group": "col-1", "size": [7.0, 13.0, 7.0]}),
]

KINDS = {
    # kind -> (label text kind, default size range cm (w,h,d) is set by the builder)
    "bottle": "bottle", "jar": "jar", "box": "box/carton", "mug": "mug", "can": "can",
    "pump": "tube/pump", "tube": "tube/pump", "metal": "glossy metal", "glass": "clear glass",
    "apparel": "folded apparel", "shoe": "shoe-like", "jewellery": "small jewellery",
    "garment": "garment on mannequin",
}

BRANDS = ["NORDHAVN", "Olea & Co", "MAREA", "kinfolk", "BRISA", "Terra Nova", "Halden", "Ostara",
          "LUMEN", "Copperleaf", "Saltwood", "VELA", "Juniper Lane", "Aster", "Mossby", "Fjora"]
PRODUCTS = ["Cold-pressed olive oil", "Hand & body lotion", "Sparkling water", "Wild honey",
            "Night cream", "Herbal shampoo", "Citrus soda", "Roasted coffee", "Tomato passata",
            "Sea salt flakes", "Lavender soap", "Oat drink", "Ginger tonic", "Face serum"]

def rgb(r, g, b):
    return [round(r, 4), round(g, 4), round(b, 4)]

def pick_color(rng, tone=None):
    """A product colour (linear RGB albedo)."""
    if tone == "white":
        v = rng.uniform(0.78, 0.86)
        return rgb(v, v * rng.uniform(0.985, 1.0), v * rng.uniform(0.96, 1.0))
    if tone == "dark":
        v = rng.uniform(0.018, 0.04)
        return rgb(v, v * rng.uniform(0.9, 1.1), v * rng.uniform(0.9, 1.2))
    palette = [(0.55, 0.05, 0.04), (0.05, 0.18, 0.5), (0.04, 0.3, 0.12), (0.75, 0.45, 0.04),
               (0.6, 0.25, 0.35), (0.08, 0.35, 0.4), (0.7, 0.65, 0.55), (0.25, 0.12, 0.06),
               (0.45, 0.5, 0.15), (0.8, 0.3, 0.08), (0.3, 0.3, 0.32), (0.12, 0.1, 0.3)]
    c = rng.choice(palette)
    j = rng.uniform(0.85, 1.15)
    return rgb(*(min(0.9, x * j) for x in c))

def faults_for(rng, family):
    """The seller's faults: 1..3 of them, spread over every family."""
    f = {"exposureEv": 0.0, "castGains": [1.0, 1.0, 1.0], "vignetting": 0.0,
         "noise": {"shot": 0.0, "read": 0.0}, "blurPx": 0.0, "tiltDeg": 0.0,
         "jpegQuality": rng.choice([85, 86, 88, 90, 92])}
    pool = ["under", "over", "cast", "vignetting", "noise", "tilt", "blur"]
    n = rng.choice([0, 1, 1, 2, 2, 3])
    for name in rng.sample(pool, n):
        if name == "under":
            f["exposureEv"] = round(-rng.uniform(0.7, 1.6), 2)
        elif name == "over":
            f["exposureEv"] = round(rng.uniform(0.6, 1.3), 2)
        elif name == "cast":
            warm = rng.random() < 0.5
            a = rng.uniform(0.08, 0.2)
            f["castGains"] = [round(1 + a, 3), 1.0, round(1 - a, 3)] if warm else \
                [round(1 - a, 3), round(1 + a * 0.3, 3), round(1 + a, 3)]
            if rng.random() < 0.3:  # green fluorescent tint
                f["castGains"] = [1.0, round(1 + a, 3), round(1 - a * 0.3, 3)]
        elif name == "vignetting":
            f["vignetting"] = round(rng.uniform(0.25, 0.55), 2)
        elif name == "noise":
            f["noise"] = {"shot": round(rng.uniform(0.0015, 0.005), 5), "read": round(rng.uniform(0.002, 0.005), 5)}
        elif name == "tilt":
            f["tiltDeg"] = round(rng.choice([-1, 1]) * rng.uniform(1.5, 4.5), 2)
        elif name == "blur":
            f["blurPx"] = round(rng.uniform(0.8, 1.8), 2)
    # phones always add a little noise
    if f["noise"]["shot"] == 0.0:
        f["noise"] = {"shot": round(rng.uniform(0.0001, 0.0004), 5), "read": round(rng.uniform(0.0005, 0.0012), 5)}
    return f

def spec(seed):
    row = PLAN[(seed - 1) % len(PLAN)]
    family, kind, opt = row
    rng = random.Random(seed * 7919 + 17)
    group = opt.get("group")
    # product parameters: shared by a multi-angle group
    prng = random.Random(hash_str(group) if family == "multi-angle" else seed * 104729 + 3)
    # scene parameters: shared by a collection
    srng = random.Random(hash_str(group)) if family in ("collection", "multi-angle") else rng
    tone = opt.get("tone")
    product = {
        "kind": kind,
        "color": pick_color(prng, tone),
        "color2": pick_color(prng),
        "roughness": round(prng.uniform(0.15, 0.5), 3),
        "brand": prng.choice(BRANDS),
        "name": prng.choice(PRODUCTS),
        "labelColor": rgb(*prng.choice([(0.85, 0.82, 0.74), (0.9, 0.9, 0.88), (0.05, 0.05, 0.06),
                                        (0.6, 0.1, 0.06), (0.1, 0.2, 0.45), (0.75, 0.6, 0.3)])),
        "labelArcDeg": prng.choice([150, 200, 260, 360]),
        "glass": prng.random() < 0.3,
        "shape": prng.random(),
        "sizeJitter": round(prng.uniform(0.9, 1.1), 3),
        "tone": tone,
    }
    if "size" in opt:
        product["sizeCm"] = opt["size"]
    if tone == "white":
        product["labelColor"] = rgb(0.83, 0.83, 0.82)
    # surface
    surfaces = {
        "wood-table-wall": ["wood"], "stone": [opt.get("surface", "slate")], "fabric": ["linen", "wool"],
        "flat-lay": ["linen", "wood", "marble", "paper"], "paper-sweep": ["sweep"],
        "cluttered-desk": ["wood", "laminate"], "window-light": ["wood", "linen", "marble"],
        "tungsten": ["wood", "laminate"], "mixed-light": ["wood", "slate", "linen"],
        "mannequin": ["floor"], "multi-angle": ["wood"], "collection": ["laminate"],
    }[family]
    surface = srng.choice(surfaces)
    if tone == "dark" and family != "stone":
        surface = srng.choice(["slate", "darkwood"])
    if tone == "white" and family not in ("paper-sweep",):
        surface = srng.choice(["marble", "paper", "linen-white"])
    walls = [rgb(0.7, 0.66, 0.58), rgb(0.75, 0.75, 0.73), rgb(0.55, 0.58, 0.6), rgb(0.62, 0.52, 0.42),
             rgb(0.4, 0.45, 0.38), rgb(0.8, 0.78, 0.74), rgb(0.2, 0.22, 0.25)]
    wall = srng.choice(walls)
    if tone == "dark":
        wall = rgb(0.06, 0.06, 0.065)
    paper = srng.choice([rgb(0.8, 0.8, 0.79), rgb(0.72, 0.74, 0.76), rgb(0.78, 0.7, 0.62), rgb(0.5, 0.55, 0.6)])
    # light
    light = {"hdri": srng.choice(["interior.exr", "courtyard.exr", "city.exr", "studio.exr", "forest.exr"]),
             "hdriStrength": round(srng.uniform(0.4, 1.0), 3), "hdriRotDeg": round(srng.uniform(0, 360), 1),
             "hdriKelvin": 6500, "lights": []}
    def area(kelvin, power, az, el, dist, size):
        light["lights"].append({"type": "AREA", "kelvin": kelvin, "watts": power, "azimuthDeg": round(az, 1),
                                "elevationDeg": round(el, 1), "distanceM": round(dist, 2), "sizeM": round(size, 2)})
    def point(kelvin, power, az, el, dist, radius):
        light["lights"].append({"type": "POINT", "kelvin": kelvin, "watts": power, "azimuthDeg": round(az, 1),
                                "elevationDeg": round(el, 1), "distanceM": round(dist, 2), "sizeM": round(radius, 2)})
    side = srng.choice([-1, 1])
    if family == "window-light":
        light["hdri"] = srng.choice(["courtyard.exr", "forest.exr", "city.exr"])
        light["hdriStrength"] = round(srng.uniform(0.2, 0.5), 3)
        area(srng.choice([5500, 6000, 6500, 7500]), srng.uniform(250, 450), side * srng.uniform(60, 100),
             srng.uniform(15, 35), 1.3, srng.uniform(1.0, 1.6))
    elif family == "tungsten":
        light["hdri"] = "interior.exr"
        light["hdriStrength"] = round(srng.uniform(0.05, 0.15), 3)
        light["hdriKelvin"] = 3000
        point(srng.choice([2700, 2850, 3000]), srng.uniform(50, 90), side * srng.uniform(20, 70),
              srng.uniform(35, 60), 0.9, 0.06)
        if srng.random() < 0.5:
            point(2700, srng.uniform(15, 30), -side * 60, 50, 1.5, 0.1)
    elif family == "mixed-light":
        light["hdriStrength"] = round(srng.uniform(0.1, 0.3), 3)
        area(srng.choice([6000, 6500, 7500]), srng.uniform(200, 350), side * srng.uniform(70, 100),
             srng.uniform(15, 30), 1.3, 1.2)
        point(srng.choice([2700, 3000]), srng.uniform(30, 60), -side * srng.uniform(30, 60),
              srng.uniform(40, 60), 0.9, 0.06)
    elif family == "paper-sweep":
        area(srng.choice([5000, 5500, 6500]), srng.uniform(150, 300), side * srng.uniform(30, 60),
             srng.uniform(35, 55), 1.2, srng.uniform(0.6, 1.0))
    elif family == "mannequin":
        area(srng.choice([4000, 5000, 6500]), srng.uniform(400, 700), side * srng.uniform(30, 60),
             srng.uniform(25, 45), 2.2, srng.uniform(1.0, 1.5))
    else:  # a room: ceiling light and whatever the HDRI brings
        area(srng.choice([3500, 4000, 4500, 5500, 6500]), srng.uniform(80, 220), srng.uniform(-40, 40),
             srng.uniform(55, 80), 1.6, srng.uniform(0.5, 1.2))
    # camera
    if family == "flat-lay":
        cam = {"elevationDeg": round(rng.uniform(82, 90), 1), "azimuthDeg": round(rng.uniform(-8, 8), 1)}
    elif family == "mannequin":
        cam = {"elevationDeg": round(rng.uniform(0, 10), 1), "azimuthDeg": round(rng.uniform(-20, 20), 1)}
    elif family == "multi-angle":
        a = opt["angle"]
        cam = {"elevationDeg": [12, 15, 20, 35, 60][a], "azimuthDeg": [0, 45, 90, 150, -30][a]}
    else:
        cam = {"elevationDeg": round(rng.uniform(8, 38), 1), "azimuthDeg": round(rng.uniform(-25, 25), 1)}
    cam["lensMm"] = 26
    cam["fill"] = round(rng.uniform(0.45, 0.72), 3)  # product's share of the frame's short side
    cam["offset"] = [round(rng.uniform(-0.08, 0.08), 3), round(rng.uniform(-0.06, 0.06), 3)]
    portrait = kind in ("bottle", "pump", "garment") or (kind in ("glass", "metal") and rng.random() < 0.6)
    long_side = opt.get("res", 1600)
    if long_side == 3000:
        long_side = rng.choice([3000, 3264, 4000]) if False else 3000
    aspect = 4 / 3
    w, h = (round(long_side / aspect), long_side) if portrait else (long_side, round(long_side / aspect))
    cam["width"], cam["height"] = w, h
    # props
    props = []
    if family == "cluttered-desk":
        props = rng.sample(["book", "pen", "plant", "phone", "notebook", "cup", "glasses"], rng.choice([2, 3, 4]))
    elif family in ("wood-table-wall", "window-light", "tungsten", "mixed-light", "stone") and rng.random() < 0.35:
        props = rng.sample(["plant", "book", "cup", "pen"], 1)
    elif family == "flat-lay" and rng.random() < 0.6:
        props = rng.sample(["leaf", "notebook", "pen", "dish"], rng.choice([1, 2]))
    faults = faults_for(rng, family)
    if family == "multi-angle":  # one seller, one session: the same faults pattern but mild
        faults["tiltDeg"] = 0.0
    scene = {
        "surface": surface, "wall": wall, "paper": paper, "light": light, "camera": cam, "props": props,
        "productRotDeg": round(rng.uniform(-35, 35), 1) if family != "multi-angle" else 0.0,
        "group": group,
    }
    return {"id": "pl-%03d" % seed if seed <= len(PLAN) else "pl-s%d" % seed, "seed": seed, "family": family,
            "kind": kind, "kindName": KINDS[kind], "product": product, "scene": scene, "faults": faults,
            "longSide": long_side}

def hash_str(s):
    h = 2166136261
    for ch in (s or ""):
        h = ((h ^ ord(ch)) * 16777619) & 0xFFFFFFFF
    return h

if __name__ == "__main__":
    import json, sys
    for a in sys.argv[1:]:
        print(json.dumps(spec(int(a)), indent=1))
