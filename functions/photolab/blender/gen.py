"""Photo lab scene generator: run inside Blender 3.4 (Cycles, CPU, headless).

  blender -b --factory-startup --python-exit-code 1 -P gen.py -- --seed N --raw DIR [--samples S]

Builds the scene that plan.spec(seed) describes (procedural product, surface, wall, props, lights, a
phone camera), renders the seller's shot (Combined, object index, cryptomatte coverage, denoising
albedo/normal) and the CLEAN shot (same camera and geometry, uniform daylight-white light, no room),
and leaves float arrays in DIR for post.py, which adds the seller's faults and writes the truth files.
"""
import json
import math
import os
import sys
import time

import bpy
import numpy as np
from mathutils import Euler, Quaternion, Vector

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import plan  # noqa: E402
import labels  # noqa: E402

PERCENT = 100
THREADS = 2
FAST_GI = False
STUDIOLIGHTS = "/usr/share/blender/datafiles/studiolights/world/"

def args():
    a = sys.argv[sys.argv.index("--") + 1:] if "--" in sys.argv else []
    out = {"samples": 24, "clean_samples": 12}
    i = 0
    while i < len(a):
        k = a[i].lstrip("-").replace("-", "_")
        out[k] = a[i + 1]
        i += 2
    return out

# ----------------------------------------------------------------------------- meshes

def mesh_object(name, verts, faces, uvs=None, smooth=True):
    me = bpy.data.meshes.new(name)
    me.from_pydata([tuple(v) for v in verts], [], [tuple(f) for f in faces])
    if uvs is not None:
        layer = me.uv_layers.new(name="UVMap")
        for poly in me.polygons:
            for li in poly.loop_indices:
                vi = me.loops[li].vertex_index
                layer.data[li].uv = uvs[vi]
    me.update()
    for p in me.polygons:
        p.use_smooth = smooth
    ob = bpy.data.objects.new(name, me)
    bpy.context.scene.collection.objects.link(ob)
    return ob

def lathe(name, profile, seg=72, arc=None, uv=False, cap_bottom=False, cap_top=False):
    """Revolve (r, z) points about Z. arc=(a0, a1) radians for an open band (label), else closed."""
    verts, faces, uvs = [], [], []
    closed = arc is None
    a0, a1 = (0.0, 2 * math.pi) if closed else arc
    nseg = seg if closed else max(8, int(seg * (a1 - a0) / (2 * math.pi)))
    ncol = nseg if closed else nseg + 1
    zs = [p[1] for p in profile]
    z0, z1 = min(zs), max(zs)
    for i, (r, z) in enumerate(profile):
        for j in range(ncol):
            t = j / nseg
            a = a0 + (a1 - a0) * t
            verts.append((r * math.cos(a), r * math.sin(a), z))
            uvs.append((t, (z - z0) / max(1e-9, z1 - z0)))
    for i in range(len(profile) - 1):
        for j in range(nseg):
            j2 = (j + 1) % ncol if closed else j + 1
            faces.append((i * ncol + j, i * ncol + j2, (i + 1) * ncol + j2, (i + 1) * ncol + j))
    if closed and cap_bottom and profile[0][0] > 0:
        faces.append(tuple(reversed(range(0, ncol))))
    if closed and cap_top and profile[-1][0] > 0:
        last = (len(profile) - 1) * ncol
        faces.append(tuple(range(last, last + ncol)))
    return mesh_object(name, verts, faces, uvs if uv else None)

def rounded_profile(points, r=0.003, n=4):
    """Round the corners of an (r, z) polyline a little, like moulded plastic or glass."""
    out = [points[0]]
    for i in range(1, len(points) - 1):
        p0, p1, p2 = (Vector((*points[k], 0)) for k in (i - 1, i, i + 1))
        d0, d1 = (p0 - p1), (p2 - p1)
        rr = min(r, d0.length / 2.1, d1.length / 2.1)
        a = p1 + d0.normalized() * rr
        b = p1 + d1.normalized() * rr
        for k in range(n + 1):
            t = k / n
            q = (1 - t) ** 2 * a + 2 * (1 - t) * t * p1 + t ** 2 * b
            out.append((max(0.0, q.x), q.y))
    out.append(points[-1])
    return out

def sweep(name, path, ra, rb, n=16, cap=True):
    """A tube of elliptical section (ra across the path's plane normal, rb along it) along path points."""
    verts, faces = [], []
    P = [Vector(p) for p in path]
    for i, p in enumerate(P):
        t = (P[min(i + 1, len(P) - 1)] - P[max(i - 1, 0)]).normalized()
        up = Vector((0, 1, 0)) if abs(t.y) < 0.9 else Vector((1, 0, 0))
        s = t.cross(up).normalized()
        u = s.cross(t).normalized()
        for k in range(n):
            a = 2 * math.pi * k / n
            verts.append(p + s * (rb * math.cos(a)) + u * (ra * math.sin(a)))
    for i in range(len(P) - 1):
        for k in range(n):
            k2 = (k + 1) % n
            faces.append((i * n + k, i * n + k2, (i + 1) * n + k2, (i + 1) * n + k))
    if cap:
        faces.append(tuple(reversed(range(n))))
        last = (len(P) - 1) * n
        faces.append(tuple(range(last, last + n)))
    return mesh_object(name, verts, faces)

def cube(name, size, loc=(0, 0, 0), bevel=0.0, segs=3):
    bpy.ops.mesh.primitive_cube_add(size=1, location=loc)
    ob = bpy.context.active_object
    ob.name = name
    ob.scale = size
    bpy.ops.object.transform_apply(location=False, rotation=False, scale=True)
    if bevel > 0:
        m = ob.modifiers.new("bevel", "BEVEL")
        m.width = bevel
        m.segments = segs
        m.limit_method = "NONE"
        for p in ob.data.polygons:
            p.use_smooth = True
        ob.data.use_auto_smooth = True
        ob.data.auto_smooth_angle = math.radians(40)
    return ob

def plane(name, sx, sy, loc=(0, 0, 0), rot=(0, 0, 0)):
    bpy.ops.mesh.primitive_plane_add(size=1, location=loc, rotation=rot)
    ob = bpy.context.active_object
    ob.name = name
    ob.scale = (sx, sy, 1)
    bpy.ops.object.transform_apply(location=False, rotation=False, scale=True)
    return ob

def uv_sphere(name, r, loc, scale=(1, 1, 1), seg=48):
    bpy.ops.mesh.primitive_uv_sphere_add(radius=r, location=loc, segments=seg, ring_count=seg // 2)
    ob = bpy.context.active_object
    ob.name = name
    ob.scale = scale
    bpy.ops.object.transform_apply(location=False, rotation=False, scale=True)
    bpy.ops.object.shade_smooth()
    return ob

# ----------------------------------------------------------------------------- materials

def new_mat(name):
    m = bpy.data.materials.new(name)
    m.use_nodes = True
    nt = m.node_tree
    bsdf = nt.nodes["Principled BSDF"]
    return m, nt, bsdf

def link(nt, a, b):
    nt.links.new(a, b)

def mat_plastic(name, color, rough=0.35, metallic=0.0, spec=0.5, noise=0.0):
    m, nt, b = new_mat(name)
    b.inputs["Base Color"].default_value = (*color, 1)
    b.inputs["Roughness"].default_value = rough
    b.inputs["Metallic"].default_value = metallic
    b.inputs["Specular"].default_value = spec
    if noise > 0:  # faint surface irregularity in the roughness (moulding, fingerprints)
        n = nt.nodes.new("ShaderNodeTexNoise")
        n.inputs["Scale"].default_value = 40
        mr = nt.nodes.new("ShaderNodeMapRange")
        mr.inputs["To Min"].default_value = max(0.02, rough - noise)
        mr.inputs["To Max"].default_value = rough + noise
        link(nt, n.outputs["Fac"], mr.inputs["Value"])
        link(nt, mr.outputs["Result"], b.inputs["Roughness"])
    return m

def mat_glass(name, color=(1, 1, 1), rough=0.02, ior=1.5):
    m, nt, b = new_mat(name)
    b.inputs["Base Color"].default_value = (*color, 1)
    b.inputs["Transmission"].default_value = 1.0
    b.inputs["Roughness"].default_value = rough
    b.inputs["IOR"].default_value = ior
    # shadow rays pass through (tinted): the light a real glass lets through, without caustic noise
    lp = nt.nodes.new("ShaderNodeLightPath")
    tr = nt.nodes.new("ShaderNodeBsdfTransparent")
    tr.inputs["Color"].default_value = (*(0.35 + 0.6 * c for c in color), 1)
    mix = nt.nodes.new("ShaderNodeMixShader")
    out = nt.nodes["Material Output"]
    link(nt, lp.outputs["Is Shadow Ray"], mix.inputs["Fac"])
    link(nt, b.outputs["BSDF"], mix.inputs[1])
    link(nt, tr.outputs["BSDF"], mix.inputs[2])
    link(nt, mix.outputs["Shader"], out.inputs["Surface"])
    return m

def mat_image(name, path, rough=0.45, metallic=0.0):
    m, nt, b = new_mat(name)
    t = nt.nodes.new("ShaderNodeTexImage")
    t.image = bpy.data.images.load(path)
    t.interpolation = "Cubic"
    uv = nt.nodes.new("ShaderNodeUVMap")
    link(nt, uv.outputs["UV"], t.inputs["Vector"])
    link(nt, t.outputs["Color"], b.inputs["Base Color"])
    b.inputs["Roughness"].default_value = rough
    b.inputs["Metallic"].default_value = metallic
    return m

def ramp(nt, fac, stops):
    r = nt.nodes.new("ShaderNodeValToRGB")
    el = r.color_ramp.elements
    el[0].position, el[0].color = stops[0][0], (*stops[0][1], 1)
    el[1].position, el[1].color = stops[-1][0], (*stops[-1][1], 1)
    for pos, col in stops[1:-1]:
        e = el.new(pos)
        e.color = (*col, 1)
    link(nt, fac, r.inputs["Fac"])
    return r.outputs["Color"]

def mapping(nt, scale, rot=(0, 0, 0), coord="Object", loc=(0, 0, 0)):
    tc = nt.nodes.new("ShaderNodeTexCoord")
    mp = nt.nodes.new("ShaderNodeMapping")
    mp.inputs["Scale"].default_value = scale
    mp.inputs["Rotation"].default_value = rot
    mp.inputs["Location"].default_value = loc
    link(nt, tc.outputs[coord], mp.inputs["Vector"])
    return mp.outputs["Vector"]

def bump(nt, b, height, strength):
    bp = nt.nodes.new("ShaderNodeBump")
    bp.inputs["Strength"].default_value = strength
    bp.inputs["Distance"].default_value = 0.002
    link(nt, height, bp.inputs["Height"])
    link(nt, bp.outputs["Normal"], b.inputs["Normal"])

def mat_wood(name, rng, dark=False):
    m, nt, b = new_mat(name)
    tones = [((0.22, 0.11, 0.05), (0.42, 0.24, 0.12)), ((0.35, 0.2, 0.1), (0.55, 0.36, 0.2)),
             ((0.12, 0.06, 0.03), (0.25, 0.13, 0.06)), ((0.45, 0.32, 0.2), (0.62, 0.48, 0.32))]
    c0, c1 = tones[2] if dark else tones[rng.randrange(len(tones))]
    if dark:
        c0, c1 = (0.03, 0.018, 0.01), (0.07, 0.04, 0.025)
    c0 = tuple(a + (b2 - a) * 0.45 for a, b2 in zip(c0, c1))
    vec = mapping(nt, (1.0, 1.0, 1.0), rot=(0, 0, rng.uniform(-0.05, 0.05)), loc=(rng.uniform(0, 9), rng.uniform(0, 9), 0))
    # planks: long bricks along X
    br = nt.nodes.new("ShaderNodeTexBrick")
    br.inputs["Scale"].default_value = 1.0
    br.inputs["Brick Width"].default_value = rng.uniform(0.9, 1.6)
    br.inputs["Row Height"].default_value = rng.uniform(0.09, 0.16)
    br.inputs["Mortar Size"].default_value = 0.0015
    br.inputs["Mortar Smooth"].default_value = 0.3
    br.offset = rng.uniform(0.3, 0.7)
    br.inputs["Color1"].default_value = (1, 1, 1, 1)
    br.inputs["Color2"].default_value = (0.7, 0.7, 0.7, 1)
    link(nt, vec, br.inputs["Vector"])
    # grain: stretched wave with distortion
    mp2 = nt.nodes.new("ShaderNodeMapping")
    mp2.inputs["Scale"].default_value = (0.5, 14.0, 1.0)
    link(nt, vec, mp2.inputs["Vector"])
    wv = nt.nodes.new("ShaderNodeTexWave")
    wv.wave_type = "BANDS"
    wv.bands_direction = "Y"
    wv.inputs["Scale"].default_value = rng.uniform(2.0, 4.0)
    wv.inputs["Distortion"].default_value = rng.uniform(4, 9)
    wv.inputs["Detail"].default_value = 2
    wv.inputs["Detail Scale"].default_value = 1.5
    link(nt, mp2.outputs["Vector"], wv.inputs["Vector"])
    nz = nt.nodes.new("ShaderNodeTexNoise")
    nz.inputs["Scale"].default_value = 3.0
    mix = nt.nodes.new("ShaderNodeMixRGB")
    mix.blend_type = "MULTIPLY"
    mix.inputs["Fac"].default_value = 0.5
    link(nt, wv.outputs["Fac"], mix.inputs["Color1"])
    link(nt, nz.outputs["Fac"], mix.inputs["Color2"])
    col = ramp(nt, mix.outputs["Color"], [(0.0, c0), (0.35, tuple((a + b2) / 2 for a, b2 in zip(c0, c1))), (0.8, c1)])
    tint = nt.nodes.new("ShaderNodeMixRGB")
    tint.blend_type = "MULTIPLY"
    tint.inputs["Fac"].default_value = 1.0
    link(nt, col, tint.inputs["Color1"])
    link(nt, br.outputs["Color"], tint.inputs["Color2"])
    mort = nt.nodes.new("ShaderNodeMixRGB")
    mort.inputs["Color2"].default_value = (0.02, 0.012, 0.008, 1)
    link(nt, br.outputs["Fac"], mort.inputs["Fac"])
    link(nt, tint.outputs["Color"], mort.inputs["Color1"])
    link(nt, mort.outputs["Color"], b.inputs["Base Color"])
    b.inputs["Roughness"].default_value = rng.uniform(0.35, 0.6)
    b.inputs["Specular"].default_value = 0.4
    return m

def mat_laminate(name, rng):
    m, nt, b = new_mat(name)
    c = rng.choice([(0.75, 0.74, 0.7), (0.55, 0.5, 0.42), (0.3, 0.3, 0.3), (0.62, 0.45, 0.3)])
    vec = mapping(nt, (30, 30, 30))
    nz = nt.nodes.new("ShaderNodeTexNoise")
    nz.inputs["Scale"].default_value = 4
    link(nt, vec, nz.inputs["Vector"])
    col = ramp(nt, nz.outputs["Fac"], [(0.3, tuple(x * 0.93 for x in c)), (0.7, c)])
    link(nt, col, b.inputs["Base Color"])
    b.inputs["Roughness"].default_value = rng.uniform(0.25, 0.45)
    return m

def mat_stone(name, kind, rng):
    m, nt, b = new_mat(name)
    vec = mapping(nt, (1, 1, 1), loc=(rng.uniform(0, 9), rng.uniform(0, 9), 0))
    if kind == "marble":
        nz = nt.nodes.new("ShaderNodeTexNoise")
        nz.inputs["Scale"].default_value = 2.5
        nz.inputs["Detail"].default_value = 4
        nz.inputs["Distortion"].default_value = 2.5
        link(nt, vec, nz.inputs["Vector"])
        wv = nt.nodes.new("ShaderNodeTexWave")
        wv.inputs["Scale"].default_value = 2.0
        wv.inputs["Distortion"].default_value = 5
        wv.inputs["Detail"].default_value = 3
        link(nt, nz.outputs["Color"], wv.inputs["Vector"])
        base = rng.choice([(0.82, 0.81, 0.78), (0.78, 0.78, 0.78), (0.8, 0.76, 0.7)])
        vein = tuple(x * 0.62 for x in base)
        # thin grey veins where the distorted bands peak, a faint cloudiness elsewhere
        col = ramp(nt, wv.outputs["Fac"], [(0.0, tuple(x * 0.95 for x in base)), (0.5, base), (0.965, base),
                                           (0.99, vein), (1.0, vein)])
        link(nt, col, b.inputs["Base Color"])
        b.inputs["Roughness"].default_value = rng.uniform(0.12, 0.3)
    elif kind == "slate":
        nz = nt.nodes.new("ShaderNodeTexNoise")
        nz.inputs["Scale"].default_value = 12
        nz.inputs["Detail"].default_value = 4
        link(nt, vec, nz.inputs["Vector"])
        vo = nt.nodes.new("ShaderNodeTexVoronoi")
        vo.inputs["Scale"].default_value = 6
        link(nt, vec, vo.inputs["Vector"])
        mix = nt.nodes.new("ShaderNodeMixRGB")
        mix.inputs["Fac"].default_value = 0.4
        link(nt, nz.outputs["Fac"], mix.inputs["Color1"])
        link(nt, vo.outputs["Distance"], mix.inputs["Color2"])
        c = rng.choice([(0.035, 0.038, 0.042), (0.05, 0.05, 0.055), (0.03, 0.03, 0.03)])
        col = ramp(nt, mix.outputs["Color"], [(0.3, tuple(x * 0.7 for x in c)), (0.7, tuple(x * 1.6 for x in c))])
        link(nt, col, b.inputs["Base Color"])
        b.inputs["Roughness"].default_value = rng.uniform(0.45, 0.7)
    else:  # concrete
        nz = nt.nodes.new("ShaderNodeTexNoise")
        nz.inputs["Scale"].default_value = 25
        nz.inputs["Detail"].default_value = 4
        link(nt, vec, nz.inputs["Vector"])
        c = rng.choice([(0.32, 0.31, 0.29), (0.42, 0.41, 0.4)])
        col = ramp(nt, nz.outputs["Fac"], [(0.35, tuple(x * 0.75 for x in c)), (0.65, tuple(x * 1.15 for x in c))])
        link(nt, col, b.inputs["Base Color"])
        b.inputs["Roughness"].default_value = 0.75
    return m

def mat_fabric(name, rng, color=None, scale=350):
    m, nt, b = new_mat(name)
    c = color or rng.choice([(0.6, 0.55, 0.45), (0.45, 0.5, 0.52), (0.55, 0.42, 0.38), (0.3, 0.35, 0.25),
                             (0.72, 0.7, 0.66), (0.2, 0.22, 0.3)])
    vec = mapping(nt, (scale, scale, scale), rot=(0, 0, rng.uniform(0, 3)))
    w1 = nt.nodes.new("ShaderNodeTexWave")
    w1.bands_direction = "X"
    w1.inputs["Distortion"].default_value = 1.5
    w2 = nt.nodes.new("ShaderNodeTexWave")
    w2.bands_direction = "Y"
    w2.inputs["Distortion"].default_value = 1.5
    for w in (w1, w2):
        w.inputs["Scale"].default_value = 1.0
        link(nt, vec, w.inputs["Vector"])
    mul = nt.nodes.new("ShaderNodeMath")
    mul.operation = "MULTIPLY"
    link(nt, w1.outputs["Fac"], mul.inputs[0])
    link(nt, w2.outputs["Fac"], mul.inputs[1])
    nz = nt.nodes.new("ShaderNodeTexNoise")
    nz.inputs["Scale"].default_value = 3
    vec2 = mapping(nt, (1, 1, 1))
    link(nt, vec2, nz.inputs["Vector"])
    mix = nt.nodes.new("ShaderNodeMixRGB")
    mix.inputs["Fac"].default_value = 0.35
    link(nt, mul.outputs["Value"], mix.inputs["Color1"])
    link(nt, nz.outputs["Fac"], mix.inputs["Color2"])
    col = ramp(nt, mix.outputs["Color"], [(0.1, tuple(x * 0.78 for x in c)), (0.6, c)])
    link(nt, col, b.inputs["Base Color"])
    b.inputs["Roughness"].default_value = 0.85
    b.inputs["Sheen"].default_value = 0.6
    b.inputs["Specular"].default_value = 0.3
    bump(nt, b, mul.outputs["Value"], 0.35)
    return m

def mat_wall(name, color, rng):
    m, nt, b = new_mat(name)
    vec = mapping(nt, (40, 40, 40))
    nz = nt.nodes.new("ShaderNodeTexNoise")
    nz.inputs["Scale"].default_value = 3
    nz.inputs["Detail"].default_value = 3
    link(nt, vec, nz.inputs["Vector"])
    col = ramp(nt, nz.outputs["Fac"], [(0.3, tuple(x * 0.96 for x in color)), (0.7, tuple(color))])
    link(nt, col, b.inputs["Base Color"])
    b.inputs["Roughness"].default_value = 0.9
    return m

# ----------------------------------------------------------------------------- products

class Product:
    def __init__(self):
        self.parts = []  # (object, region id, region name)
        self.size = (0.1, 0.1, 0.1)  # w, h, d metres
        self.radius = 0.05  # footprint radius, for props placement
        self.center_z = 0.05

    def add(self, ob, rid, rname):
        ob.pass_index = rid
        self.parts.append((ob, rid, rname))
        return ob

def label_band(name, radius, z0, z1, arc_deg, tex, P, rid=2):
    arc = math.radians(min(arc_deg, 359.0))
    ob = lathe(name, [(radius, z0), (radius, z1)], seg=96, arc=(-math.pi / 2 - arc / 2, -math.pi / 2 + arc / 2), uv=True)
    ob.data.materials.append(mat_image(name + "-mat", tex, rough=0.4))
    P.add(ob, rid, "label")
    return ob

def label_texture(spec, raw, w_cm, h_cm, key="label"):
    p = spec["product"]
    path = os.path.join(raw, key + ".png")
    labels.make_label(path, p["brand"], p["name"], p["labelColor"], w_cm, h_cm, seed=spec["seed"])
    return path

def build_bottle(spec, raw, rng):
    p = spec["product"]
    P = Product()
    s = p["sizeJitter"]
    if "sizeCm" in p:
        R, H = p["sizeCm"][0] / 200, p["sizeCm"][1] / 100
    else:
        R, H = 0.033 * s, 0.22 * s if p["shape"] < 0.5 else 0.19 * s
    sh = 0.55 + 0.1 * p["shape"]
    neck = R * 0.38
    prof = rounded_profile([(0, 0), (R, 0), (R, H * sh), (R * 0.85, H * (sh + 0.12)), (neck, H * 0.8), (neck, H * 0.9),
                            (neck * 0.92, H * 0.9)], r=R * 0.25)
    body = lathe("bottle-body", prof, cap_bottom=True, cap_top=True)
    glass = p["glass"] and p["tone"] is None
    if glass:
        tint = rng.choice([(0.35, 0.17, 0.04), (0.1, 0.3, 0.1), (0.8, 0.85, 0.82)])
        body.data.materials.append(mat_glass("bottle-glass", tint, rough=0.03))
    else:
        body.data.materials.append(mat_plastic("bottle-plastic", p["color"], p["roughness"], noise=0.08))
    P.add(body, 1, "body")
    cap = lathe("bottle-cap", rounded_profile([(0, H * 0.88), (neck * 1.15, H * 0.88), (neck * 1.15, H), (0, H)], r=0.002),
                cap_bottom=True, cap_top=True)
    cap.data.materials.append(mat_plastic("cap", p["color2"] if not glass else (0.6, 0.6, 0.58), 0.3,
                                          metallic=0.0 if not glass else 1.0))
    P.add(cap, 3, "cap")
    z0, z1 = H * 0.12, H * (sh - 0.04)
    tex = label_texture(spec, raw, 2 * math.pi * R * p["labelArcDeg"] / 360 * 100, (z1 - z0) * 100)
    label_band("bottle-label", R * 1.004, z0, z1, p["labelArcDeg"], tex, P)
    P.size, P.radius, P.center_z = (2 * R, H, 2 * R), R, H / 2
    return P

def build_jar(spec, raw, rng):
    p = spec["product"]
    P = Product()
    s = p["sizeJitter"]
    if "sizeCm" in p:
        R, H = p["sizeCm"][0] / 200, p["sizeCm"][1] / 100
    else:
        R, H = 0.042 * s, 0.1 * s
    prof = rounded_profile([(0, 0), (R, 0), (R, H * 0.8), (R * 0.9, H * 0.86), (R * 0.9, H * 0.88)], r=R * 0.2)
    body = lathe("jar-body", prof, cap_bottom=True, cap_top=True)
    if p["glass"] or rng.random() < 0.5:
        body.data.materials.append(mat_glass("jar-glass", (0.9, 0.92, 0.9), 0.02))
        # contents: honey, jam or cream inside
        fill = lathe("jar-fill", [(0, 0.004), (R * 0.93, 0.004), (R * 0.93, H * 0.75), (0, H * 0.75)], cap_bottom=True, cap_top=True)
        fill.data.materials.append(mat_plastic("jar-fill-mat", p["color"], 0.25))
        P.add(fill, 1, "body")
    else:
        body.data.materials.append(mat_plastic("jar-ceramic", p["color"], 0.2))
    P.add(body, 1, "body")
    lid = lathe("jar-lid", rounded_profile([(0, H * 0.86), (R * 0.96, H * 0.86), (R * 0.96, H), (0, H)], r=0.003),
                cap_bottom=True, cap_top=True)
    lid.data.materials.append(mat_plastic("lid", rng.choice([(0.8, 0.65, 0.3), (0.7, 0.7, 0.7), p["color2"]]), 0.25,
                                          metallic=1.0 if rng.random() < 0.6 else 0.0))
    P.add(lid, 3, "lid")
    z0, z1 = H * 0.18, H * 0.68
    tex = label_texture(spec, raw, 2 * math.pi * R * p["labelArcDeg"] / 360 * 100, (z1 - z0) * 100)
    label_band("jar-label", R * 1.004, z0, z1, p["labelArcDeg"], tex, P)
    P.size, P.radius, P.center_z = (2 * R, H, 2 * R), R, H / 2
    return P

def build_can(spec, raw, rng):
    p = spec["product"]
    P = Product()
    if "sizeCm" in p:
        R, H = p["sizeCm"][0] / 200, p["sizeCm"][1] / 100
    else:
        R, H = 0.033, 0.122 if p["shape"] < 0.6 else 0.155
    body = lathe("can-body", [(R * 0.85, 0.0), (R, 0.008), (R, H - 0.012), (R * 0.86, H - 0.004)])
    body.data.materials.append(mat_plastic("can-paint", p["color"], 0.25, metallic=0.4))
    P.add(body, 1, "body")
    ends = lathe("can-ends", rounded_profile([(0, 0.003), (R * 0.85, 0.0), (R * 0.86, H - 0.004), (R * 0.82, H),
                                              (R * 0.8, H - 0.003), (0, H - 0.004)], r=0.001), cap_bottom=True, cap_top=True)
    ends.data.materials.append(mat_plastic("alu", (0.85, 0.85, 0.86), 0.2, metallic=1.0))
    P.add(ends, 3, "lid")
    z0, z1 = H * 0.2, H * 0.75
    tex = label_texture(spec, raw, 2 * math.pi * R * 140 / 360 * 100, (z1 - z0) * 100)
    label_band("can-label", R * 1.003, z0, z1, 140, tex, P)
    P.size, P.radius, P.center_z = (2 * R, H, 2 * R), R, H / 2
    return P

def build_box(spec, raw, rng, lying=False):
    p = spec["product"]
    P = Product()
    if "sizeCm" in p:
        W, H, D = (x / 100 for x in p["sizeCm"])
    else:
        W, H, D = rng.uniform(0.09, 0.14), rng.uniform(0.12, 0.2), rng.uniform(0.04, 0.07)
    if lying:
        body = cube("box-body", (W, H, D), loc=(0, 0, D / 2), bevel=0.0015)
    else:
        body = cube("box-body", (W, D, H), loc=(0, 0, H / 2), bevel=0.0015)
    body.data.materials.append(mat_plastic("carton", p["color"], 0.5, spec=0.3))
    P.add(body, 1, "body")
    lw, lh = W * 0.82, H * 0.6
    tex = label_texture(spec, raw, lw * 100, lh * 100)
    if lying:
        lab = plane("box-label", lw, lh, loc=(0, -H * 0.05, D + 0.0004))
    else:
        lab = plane("box-label", lw, lh, loc=(0, -D / 2 - 0.0004, H * 0.5), rot=(math.pi / 2, 0, 0))
    lab.data.materials.append(mat_image("box-label-mat", tex, rough=0.35))
    P.add(lab, 2, "label")
    if lying:
        P.size, P.radius, P.center_z = (W, D, H), max(W, H) / 2, D / 2
    else:
        P.size, P.radius, P.center_z = (W, H, D), max(W, D) / 2, H / 2
    return P

def build_mug(spec, raw, rng):
    p = spec["product"]
    P = Product()
    if "sizeCm" in p:
        R, H = p["sizeCm"][2] / 200, p["sizeCm"][1] / 100
    else:
        R, H = rng.uniform(0.038, 0.045), rng.uniform(0.088, 0.105)
    t = 0.005
    prof = rounded_profile([(0, 0), (R * 0.92, 0), (R, 0.01), (R, H), (R - t, H), (R - t, t * 1.5), (0, t * 1.5)], r=0.0025)
    body = lathe("mug-body", prof)
    col = p["color"]
    body.data.materials.append(mat_plastic("glaze", col, 0.12, spec=0.6))
    P.add(body, 1, "body")
    # handle: a C-shaped strap from the wall out and back, ends buried in the wall
    hz0, hz1 = H * 0.22, H * 0.82
    hr = (hz1 - hz0) / 2
    out = R * 0.55
    path = [(R - t * 0.5, 0, hz1)]
    for k in range(1, 24):
        a = math.pi / 2 - math.pi * k / 24
        path.append((R + out * math.cos(a) ** 0.8 * (1 if math.cos(a) >= 0 else -1), 0, (hz0 + hz1) / 2 + hr * math.sin(a)))
    path.append((R - t * 0.5, 0, hz0))
    handle = sweep("mug-handle", path, 0.0055, 0.0035)
    handle.data.materials.append(body.data.materials[0])
    handle.rotation_euler = (0, 0, math.radians(rng.choice([0, 180, 150, 30])))
    P.add(handle, 4, "handle")
    if rng.random() < 0.6:
        tex = label_texture(spec, raw, 2 * math.pi * R * 90 / 360 * 100, H * 0.4 * 100)
        label_band("mug-print", R * 1.003, H * 0.3, H * 0.7, 90, tex, P)
    P.size, P.radius, P.center_z = (2 * R + out, H, 2 * R), R + out, H / 2
    return P

def build_pump(spec, raw, rng):
    p = spec["product"]
    P = Product()
    if "sizeCm" in p:
        R, H = p["sizeCm"][0] / 200, p["sizeCm"][1] / 100
    else:
        R, H = 0.032, 0.19
    hb = H * 0.72
    prof = rounded_profile([(0, 0), (R, 0), (R, hb * 0.85), (R * 0.5, hb), (R * 0.45, hb)], r=R * 0.3)
    body = lathe("pump-body", prof, cap_bottom=True, cap_top=True)
    body.data.materials.append(mat_plastic("pump-bottle", p["color"], p["roughness"], noise=0.05))
    P.add(body, 1, "body")
    pm = mat_plastic("pump-head", p["color2"] if rng.random() < 0.5 else (0.85, 0.85, 0.83), 0.3)
    collar = lathe("pump-collar", rounded_profile([(0, hb), (R * 0.5, hb), (R * 0.5, hb + 0.015), (0, hb + 0.015)], r=0.002),
                   cap_bottom=True, cap_top=True)
    stem = lathe("pump-stem", [(0, hb), (0.0045, hb), (0.0045, H * 0.93), (0, H * 0.93)], seg=24, cap_bottom=True, cap_top=True)
    head = cube("pump-headblock", (0.018, 0.022, 0.018), loc=(0, 0, H * 0.95), bevel=0.003)
    nozzle = sweep("pump-nozzle", [(0, 0, H * 0.96), (0, -0.02, H * 0.96), (0, -0.035, H * 0.95)], 0.0035, 0.0035, n=12)
    for ob in (collar, stem, head, nozzle):
        ob.data.materials.append(pm)
        P.add(ob, 3, "pump")
    z0, z1 = H * 0.12, hb * 0.78
    tex = label_texture(spec, raw, 2 * math.pi * R * p["labelArcDeg"] / 360 * 100, (z1 - z0) * 100)
    label_band("pump-label", R * 1.004, z0, z1, p["labelArcDeg"], tex, P)
    P.size, P.radius, P.center_z = (2 * R, H, 2 * R + 0.02), R + 0.03, H / 2
    return P

def build_tube(spec, raw, rng):
    """A squeeze tube lying on its back: crimped flat end, round cap."""
    p = spec["product"]
    P = Product()
    R, L = 0.018, 0.16
    rings = 40
    verts, faces, uvs = [], [], []
    n = 48
    for i in range(rings + 1):
        t = i / rings
        x = -L / 2 + L * t
        flat = t ** 1.5  # towards the crimp the section flattens into a strip
        for k in range(n):
            a = 2 * math.pi * k / n
            y = R * (1 + 0.35 * flat) * math.cos(a)
            z = R * (1 - 0.93 * flat) * math.sin(a)
            verts.append((x, y, z + R))
    for i in range(rings):
        for k in range(n):
            k2 = (k + 1) % n
            faces.append((i * n + k, i * n + k2, (i + 1) * n + k2, (i + 1) * n + k))
    faces.append(tuple(reversed(range(n))))
    last = rings * n
    faces.append(tuple(range(last, last + n)))
    body = mesh_object("tube-body", verts, faces)
    body.data.materials.append(mat_plastic("tube-plastic", p["color"], 0.3))
    P.add(body, 1, "body")
    cap = lathe("tube-cap", rounded_profile([(0, 0), (R * 0.7, 0), (R * 0.7, 0.022), (0, 0.022)], r=0.002), cap_bottom=True, cap_top=True)
    cap.rotation_euler = (0, -math.pi / 2, 0)
    cap.location = (-L / 2 + 0.002, 0, R)
    cap.data.materials.append(mat_plastic("tube-cap", p["color2"], 0.3))
    P.add(cap, 3, "cap")
    tex = label_texture(spec, raw, L * 0.5 * 100, R * 1.6 * 100)
    lab = plane("tube-label", L * 0.45, R * 1.5, loc=(-L * 0.12, 0, 2 * R * 0.98 + 0.0006))
    # bend the label over the tube's top so it sits on the surface
    lab.data.materials.append(mat_image("tube-label-mat", tex, rough=0.35))
    sub = lab.modifiers.new("sub", "SUBSURF")
    sub.subdivision_type = "SIMPLE"
    sub.levels = sub.render_levels = 4
    sw = lab.modifiers.new("shrink", "SHRINKWRAP")
    sw.target = body
    sw.offset = 0.0006
    P.add(lab, 2, "label")
    P.size, P.radius, P.center_z = (L + 0.022, 2 * R, 2 * R * 1.35), L / 2 + 0.02, R
    return P

def build_metal(spec, raw, rng):
    p = spec["product"]
    P = Product()
    R, H = rng.uniform(0.036, 0.042), rng.uniform(0.17, 0.22)
    prof = rounded_profile([(0, 0), (R * 0.9, 0), (R * 0.92, H * 0.1), (R, H * 0.35), (R, H * 0.86), (R * 0.97, H * 0.86)], r=0.004)
    body = lathe("metal-body", prof, cap_bottom=True, cap_top=True)
    dark = p["tone"] == "dark"
    body.data.materials.append(mat_plastic("steel", (0.05, 0.05, 0.055) if dark else (0.8, 0.8, 0.8),
                                           0.3 if dark else rng.uniform(0.08, 0.22), metallic=0.0 if dark else 1.0))
    P.add(body, 1, "body")
    lid = lathe("metal-lid", rounded_profile([(0, H * 0.86), (R * 0.98, H * 0.86), (R * 0.96, H), (0, H)], r=0.005),
                cap_bottom=True, cap_top=True)
    lid.data.materials.append(mat_plastic("lid-black", (0.03, 0.03, 0.03) if not dark else (0.6, 0.6, 0.6), 0.35,
                                          metallic=1.0 if dark else 0.0))
    P.add(lid, 3, "lid")
    P.size, P.radius, P.center_z = (2 * R, H, 2 * R), R, H / 2
    return P

def build_glass(spec, raw, rng):
    P = Product()
    R, H = rng.uniform(0.035, 0.042), rng.uniform(0.1, 0.14)
    t = 0.0025
    prof = rounded_profile([(0, 0), (R * 0.85, 0), (R, H), (R - t, H), (R * 0.85 - t, 0.012), (0, 0.012)], r=0.0015)
    body = lathe("glass-body", prof)
    body.data.materials.append(mat_glass("clear", (1, 1, 1), 0.0, 1.5))
    P.add(body, 1, "body")
    P.size, P.radius, P.center_z = (2 * R, H, 2 * R), R, H / 2
    return P

def build_apparel(spec, raw, rng):
    """A folded T-shirt: a soft slab with a collar and a printed neck tag."""
    p = spec["product"]
    P = Product()
    W, L, T = rng.uniform(0.24, 0.3), rng.uniform(0.3, 0.36), 0.035
    body = cube("shirt-body", (W, L, T), loc=(0, 0, T / 2), bevel=0.012, segs=4)
    sub = body.modifiers.new("sub", "SUBSURF")
    sub.levels = sub.render_levels = 3
    tx = bpy.data.textures.new("wrinkles", "CLOUDS")
    tx.noise_scale = 0.05
    dp = body.modifiers.new("wrinkles", "DISPLACE")
    dp.texture = tx
    dp.strength = 0.004
    fab = mat_fabric("shirt-fabric", rng, color=tuple(p["color"]), scale=900)
    body.data.materials.append(fab)
    P.add(body, 1, "body")
    path = []
    for k in range(25):
        a = math.pi * k / 24
        path.append((0.055 * math.cos(a), L / 2 - 0.035 - 0.045 * math.sin(a), T + 0.001))
    collar = sweep("shirt-collar", path, 0.004, 0.009, n=12)
    collar.data.materials.append(fab)
    P.add(collar, 1, "body")
    tex = label_texture(spec, raw, 4.0, 2.0, key="tag")
    tag = plane("shirt-tag", 0.04, 0.02, loc=(0, L / 2 - 0.05, T + 0.0015))
    tag.data.materials.append(mat_image("tag-mat", tex, rough=0.5))
    P.add(tag, 2, "label")
    P.size, P.radius, P.center_z = (W, T, L), max(W, L) / 2, T / 2
    return P

def build_shoe(spec, raw, rng, lying=False):
    p = spec["product"]
    P = Product()
    Ls, Ws = 0.28, 0.1
    sole = cube("shoe-sole", (Ls, Ws, 0.03), loc=(0, 0, 0.015), bevel=0.012, segs=4)
    for v in sole.data.vertices:  # taper the toe and narrow the heel
        x = v.co.x / (Ls / 2)
        v.co.y *= 0.85 + 0.15 * math.cos(x * 1.4) if x > 0 else 0.9
        if x > 0.6:
            v.co.z += (x - 0.6) * 0.02
    sole.data.materials.append(mat_plastic("sole", (0.8, 0.8, 0.78), 0.6))
    P.add(sole, 3, "sole")
    up = mat_fabric("upper", rng, color=tuple(p["color"]), scale=1200)
    upper = uv_sphere("shoe-upper", 1.0, (0.01, 0, 0.03), scale=(Ls * 0.47, Ws * 0.46, 0.075))
    toe = uv_sphere("shoe-toe", 1.0, (0.08, 0, 0.03), scale=(0.07, Ws * 0.44, 0.035))
    heel = uv_sphere("shoe-heel", 1.0, (-0.09, 0, 0.05), scale=(0.045, Ws * 0.45, 0.06))
    for ob in (upper, toe, heel):
        ob.data.materials.append(up)
        P.add(ob, 1, "upper")
    opening = uv_sphere("shoe-opening", 1.0, (-0.045, 0, 0.099), scale=(0.05, 0.032, 0.012))
    opening.data.materials.append(mat_plastic("lining", (0.02, 0.02, 0.02), 0.8))
    P.add(opening, 1, "upper")
    laces = []
    for k in range(5):
        x = 0.0 + k * 0.017
        z = 0.1 - k * 0.009
        laces.append(sweep("lace%d" % k, [(x, -0.025, z - 0.004), (x, 0, z + 0.002), (x, 0.025, z - 0.004)], 0.0025, 0.0025, n=8))
    lm = mat_plastic("lace", (0.85, 0.85, 0.85) if sum(p["color"]) < 1.5 else (0.05, 0.05, 0.05), 0.7)
    for ob in laces:
        ob.data.materials.append(lm)
        P.add(ob, 4, "laces")
    P.size, P.radius, P.center_z = (Ls, 0.11, Ws), Ls / 2, 0.05
    if lying:
        for ob, _, _ in P.parts:
            ob.rotation_euler = (0, 0, 0)
    return P

def build_jewellery(spec, raw, rng):
    """A ring (metal band + stone), tipped on the surface."""
    P = Product()
    gold = rng.random() < 0.6
    metal = mat_plastic("gold" if gold else "silver", (0.9, 0.65, 0.3) if gold else (0.9, 0.9, 0.9), 0.12, metallic=1.0)
    Rr, rr = rng.uniform(0.0085, 0.0095), 0.0012
    bpy.ops.mesh.primitive_torus_add(major_radius=Rr, minor_radius=rr, major_segments=96, minor_segments=24)
    band = bpy.context.active_object
    band.name = "ring-band"
    bpy.ops.object.shade_smooth()
    band.data.materials.append(metal)
    P.add(band, 1, "band")
    bpy.ops.mesh.primitive_ico_sphere_add(radius=0.0028, subdivisions=1, location=(0, -Rr - 0.0022, 0))
    stone = bpy.context.active_object
    stone.name = "ring-stone"
    stone.scale = (1, 1, 0.75)
    col = rng.choice([(0.9, 0.1, 0.15), (0.1, 0.3, 0.9), (0.1, 0.7, 0.3), (0.95, 0.95, 0.95)])
    stone.data.materials.append(mat_glass("gem", col, 0.0, 2.2))
    P.add(stone, 5, "stone")
    setting = lathe("ring-setting", [(0, 0), (0.0022, 0.0), (0.0027, 0.0018), (0, 0.0018)], seg=24, cap_bottom=True, cap_top=True)
    setting.rotation_euler = (math.pi / 2, 0, 0)
    setting.location = (0, -Rr + 0.0004, 0)
    setting.data.materials.append(metal)
    P.add(setting, 1, "band")
    # stand the ring up, leaning back a little, resting on its band
    empty = bpy.data.objects.new("ring-root", None)
    bpy.context.scene.collection.objects.link(empty)
    for ob, _, _ in P.parts:
        ob.parent = empty
    tilt = rng.uniform(0.25, 0.6)
    if spec["family"] == "flat-lay":
        empty.rotation_euler = (0, 0, 0)
    else:
        empty.rotation_euler = (math.pi / 2 - tilt, 0, 0)
    bpy.context.view_layer.update()
    low = min((ob.matrix_world @ v.co).z for ob, _, _ in P.parts for v in ob.data.vertices)
    empty.location.z -= low
    P.size, P.radius, P.center_z = (2 * (Rr + rr), 2 * (Rr + rr), 0.006), Rr + 0.004, 0.008
    P.root = empty
    return P

def build_garment(spec, raw, rng):
    """A T-shirt on a dress-form mannequin.  The mannequin is a prop (index 0), the shirt is the product."""
    p = spec["product"]
    P = Product()
    z0 = 0.9  # the form stands on a pole; waist at 0.9 m
    torso = [(0.0, z0), (0.13, z0), (0.14, z0 + 0.08), (0.125, z0 + 0.2), (0.145, z0 + 0.33), (0.15, z0 + 0.4),
             (0.13, z0 + 0.48), (0.07, z0 + 0.52), (0.055, z0 + 0.55), (0.05, z0 + 0.62), (0.0, z0 + 0.63)]
    form = lathe("mannequin", rounded_profile(torso, r=0.03), cap_bottom=True, cap_top=True)
    form.scale = (1.0, 0.68, 1.0)
    form.data.materials.append(mat_plastic("form", rng.choice([(0.75, 0.7, 0.62), (0.05, 0.05, 0.05), (0.8, 0.8, 0.8)]), 0.45))
    pole = lathe("mannequin-pole", [(0, 0), (0.012, 0), (0.012, z0), (0, z0)], seg=24, cap_bottom=True, cap_top=True)
    base = lathe("mannequin-base", rounded_profile([(0, 0), (0.15, 0), (0.15, 0.02), (0, 0.03)], r=0.005), cap_bottom=True, cap_top=True)
    dark = mat_plastic("pole", (0.05, 0.05, 0.05), 0.3, metallic=1.0)
    pole.data.materials.append(dark)
    base.data.materials.append(dark)
    # the shirt: the torso profile, a little larger, from hip to the neckline
    k = 1.04
    shirt_prof = [(0.0, z0 - 0.08), (0.138 * k, z0 - 0.08), (0.142 * k, z0 + 0.08), (0.13 * k, z0 + 0.2),
                  (0.15 * k, z0 + 0.33), (0.156 * k, z0 + 0.4), (0.135 * k, z0 + 0.48), (0.075 * k, z0 + 0.52),
                  (0.062, z0 + 0.525)]
    shirt = lathe("shirt", rounded_profile(shirt_prof, r=0.02), seg=96)
    shirt.scale = (1.0, 0.7, 1.0)
    sol = shirt.modifiers.new("solid", "SOLIDIFY")
    sol.thickness = 0.003
    fab = mat_fabric("shirt-fabric", rng, color=tuple(p["color"]), scale=700)
    shirt.data.materials.append(fab)
    P.add(shirt, 1, "body")
    for side in (-1, 1):
        sl = sweep("sleeve%d" % side, [(side * 0.125, 0, z0 + 0.47), (side * 0.17, 0, z0 + 0.42), (side * 0.2, 0, z0 + 0.36)],
                   0.055, 0.045, n=24, cap=True)
        sl.data.materials.append(fab)
        P.add(sl, 1, "body")
    tex = label_texture(spec, raw, 12, 8, key="print")
    pr = lathe("shirt-print", [(0.135 * k * 1.01, z0 + 0.22), (0.15 * k * 1.01, z0 + 0.34)], seg=96, arc=(-math.pi / 2 - 0.45, -math.pi / 2 + 0.45), uv=True)
    pr.scale = (1.0, 0.7, 1.0)
    pr.data.materials.append(mat_image("print-mat", tex, rough=0.6))
    P.add(pr, 2, "label")
    P.size, P.radius, P.center_z = (0.48, 0.62, 0.22), 0.25, z0 + 0.22
    P.props = [form, pole, base]
    return P

BUILDERS = {"bottle": build_bottle, "jar": build_jar, "can": build_can, "box": build_box, "mug": build_mug,
            "pump": build_pump, "tube": build_tube, "metal": build_metal, "glass": build_glass,
            "apparel": build_apparel, "shoe": build_shoe, "jewellery": build_jewellery, "garment": build_garment}

# ----------------------------------------------------------------------------- props

def build_prop(name, rng, at, scale_ref):
    x, y = at
    obs = []
    if name == "book":
        w, d, h = rng.uniform(0.14, 0.2), rng.uniform(0.2, 0.26), rng.uniform(0.02, 0.035)
        b = cube("prop-book", (w, d, h), loc=(x, y, h / 2), bevel=0.002)
        b.rotation_euler = (0, 0, rng.uniform(-0.5, 0.5))
        b.data.materials.append(mat_plastic("book-cover", rng.choice([(0.5, 0.08, 0.05), (0.05, 0.15, 0.3), (0.6, 0.55, 0.4)]), 0.55))
        pages = cube("prop-pages", (w * 0.97, d * 0.99, h * 0.8), loc=(x + 0.002, y, h / 2))
        pages.rotation_euler = b.rotation_euler
        pages.data.materials.append(mat_plastic("pages", (0.8, 0.78, 0.7), 0.8))
        obs += [b, pages]
    elif name == "notebook":
        w, d = 0.15, 0.21
        b = cube("prop-notebook", (w, d, 0.008), loc=(x, y, 0.004), bevel=0.001)
        b.rotation_euler = (0, 0, rng.uniform(-0.6, 0.6))
        b.data.materials.append(mat_plastic("nb", rng.choice([(0.1, 0.1, 0.1), (0.7, 0.5, 0.3), (0.3, 0.45, 0.4)]), 0.7))
        obs.append(b)
    elif name == "pen":
        a = rng.uniform(0, math.pi)
        L = 0.14
        p = sweep("prop-pen", [(x - L / 2 * math.cos(a), y - L / 2 * math.sin(a), 0.005), (x + L / 2 * math.cos(a), y + L / 2 * math.sin(a), 0.005)],
                  0.005, 0.005, n=16)
        p.data.materials.append(mat_plastic("pen", rng.choice([(0.02, 0.02, 0.02), (0.1, 0.2, 0.6), (0.8, 0.8, 0.8)]), 0.3))
        obs.append(p)
    elif name == "plant":
        pot = lathe("prop-pot", rounded_profile([(0, 0), (0.045, 0), (0.06, 0.1), (0.055, 0.1), (0, 0.1)], r=0.003), cap_bottom=True, cap_top=True)
        pot.location = (x, y, 0)
        pot.data.materials.append(mat_plastic("pot", rng.choice([(0.6, 0.3, 0.18), (0.8, 0.8, 0.78), (0.2, 0.2, 0.22)]), 0.6))
        leaf_mat = mat_plastic("leaves", (0.06, 0.22, 0.05), 0.5)
        obs.append(pot)
        for k in range(7):
            bpy.ops.mesh.primitive_ico_sphere_add(radius=0.035, subdivisions=2,
                                                  location=(x + rng.uniform(-0.04, 0.04), y + rng.uniform(-0.04, 0.04), 0.12 + rng.uniform(0, 0.07)))
            lf = bpy.context.active_object
            lf.name = "prop-leaf%d" % k
            lf.scale = (1.0, 0.5, 0.35)
            lf.rotation_euler = (rng.uniform(0, 3), rng.uniform(0, 3), rng.uniform(0, 3))
            bpy.ops.object.shade_smooth()
            lf.data.materials.append(leaf_mat)
            obs.append(lf)
    elif name == "phone":
        b = cube("prop-phone", (0.075, 0.155, 0.008), loc=(x, y, 0.004), bevel=0.004)
        b.rotation_euler = (0, 0, rng.uniform(-0.6, 0.6))
        b.data.materials.append(mat_plastic("phone", (0.01, 0.01, 0.012), 0.1, spec=0.8))
        obs.append(b)
    elif name == "cup":
        c = lathe("prop-cup", rounded_profile([(0, 0), (0.035, 0), (0.04, 0.07), (0.037, 0.07), (0.033, 0.006), (0, 0.006)], r=0.002))
        c.location = (x, y, 0)
        c.data.materials.append(mat_plastic("cup", rng.choice([(0.8, 0.8, 0.78), (0.3, 0.45, 0.55)]), 0.15))
        obs.append(c)
    elif name == "glasses":
        m = mat_plastic("frames", (0.02, 0.02, 0.02), 0.3)
        for s in (-1, 1):
            bpy.ops.mesh.primitive_torus_add(major_radius=0.024, minor_radius=0.0025, location=(x + s * 0.03, y, 0.0025))
            t = bpy.context.active_object
            t.name = "prop-glasses%d" % s
            t.data.materials.append(m)
            obs.append(t)
    elif name == "leaf":
        for k in range(3):
            bpy.ops.mesh.primitive_uv_sphere_add(radius=0.04, location=(x + rng.uniform(-0.04, 0.04), y + rng.uniform(-0.04, 0.04), 0.002))
            lf = bpy.context.active_object
            lf.name = "prop-leafflat%d" % k
            lf.scale = (1.0, 0.4, 0.03)
            lf.rotation_euler = (0, 0, rng.uniform(0, 3))
            bpy.ops.object.shade_smooth()
            lf.data.materials.append(mat_plastic("leaf", (0.08, 0.25, 0.06), 0.5))
            obs.append(lf)
    elif name == "dish":
        d = lathe("prop-dish", rounded_profile([(0, 0), (0.04, 0), (0.055, 0.018), (0.05, 0.018), (0.036, 0.004), (0, 0.004)], r=0.002))
        d.location = (x, y, 0)
        d.data.materials.append(mat_plastic("dish", (0.75, 0.72, 0.66), 0.2))
        obs.append(d)
    for ob in obs:
        ob.pass_index = 0
    return obs

# ----------------------------------------------------------------------------- scene

def polar(az_deg, el_deg, dist, center):
    az, el = math.radians(az_deg), math.radians(el_deg)
    return Vector((center.x + dist * math.cos(el) * math.sin(az), center.y - dist * math.cos(el) * math.cos(az),
                   center.z + dist * math.sin(el)))

def look_at(ob, target, roll_deg=0.0):
    d = (target - ob.location).normalized()
    q = d.to_track_quat("-Z", "Y")
    if roll_deg:
        q = Quaternion(d, math.radians(roll_deg)) @ q
    ob.rotation_mode = "QUATERNION"
    ob.rotation_quaternion = q

def blackbody_light(ob, kelvin, watts):
    ob.data.energy = watts
    ob.data.use_nodes = True
    nt = ob.data.node_tree
    em = nt.nodes["Emission"]
    bb = nt.nodes.new("ShaderNodeBlackbody")
    bb.inputs["Temperature"].default_value = kelvin
    nt.links.new(bb.outputs["Color"], em.inputs["Color"])

def world_setup(light):
    w = bpy.data.worlds.new("world")
    bpy.context.scene.world = w
    w.use_nodes = True
    nt = w.node_tree
    bg = nt.nodes["Background"]
    env = nt.nodes.new("ShaderNodeTexEnvironment")
    env.image = bpy.data.images.load(STUDIOLIGHTS + light["hdri"])
    tc = nt.nodes.new("ShaderNodeTexCoord")
    mp = nt.nodes.new("ShaderNodeMapping")
    mp.inputs["Rotation"].default_value = (0, 0, math.radians(light["hdriRotDeg"]))
    nt.links.new(tc.outputs["Generated"], mp.inputs["Vector"])
    nt.links.new(mp.outputs["Vector"], env.inputs["Vector"])
    bb = nt.nodes.new("ShaderNodeBlackbody")
    bb.inputs["Temperature"].default_value = light["hdriKelvin"]
    mul = nt.nodes.new("ShaderNodeMixRGB")
    mul.blend_type = "MULTIPLY"
    mul.inputs["Fac"].default_value = 1.0 if light["hdriKelvin"] < 6000 else 0.0
    nt.links.new(env.outputs["Color"], mul.inputs["Color1"])
    nt.links.new(bb.outputs["Color"], mul.inputs["Color2"])
    nt.links.new(mul.outputs["Color"], bg.inputs["Color"])
    bg.inputs["Strength"].default_value = light["hdriStrength"]
    return w

def clean_world():
    w = bpy.data.worlds.new("clean")
    w.use_nodes = True
    bg = w.node_tree.nodes["Background"]
    bg.inputs["Color"].default_value = (1, 1, 1, 1)
    bg.inputs["Strength"].default_value = 1.0
    return w

def build_scene(spec, raw):
    import random
    rng = random.Random(spec["seed"] * 31 + 5)
    prng = random.Random(plan.hash_str(spec["scene"]["group"]) if spec["family"] == "multi-angle" else spec["seed"] * 13 + 1)
    srng = random.Random(plan.hash_str(spec["scene"]["group"]) + 7) if spec["family"] in ("collection", "multi-angle") else rng
    sc = spec["scene"]
    kind = spec["kind"]
    env = []
    # --- surfaces
    surf = sc["surface"]
    if surf == "sweep":
        prof = []
        rad = 0.35
        for k in range(13):
            a = math.pi / 2 * k / 12
            prof.append((0.3 + rad * math.sin(a), rad - rad * math.cos(a)))
        pts = [(-1.5, 0.0)] + prof + [(0.3 + rad, 1.6)]
        verts, faces = [], []
        for i, (y, z) in enumerate(pts):
            verts += [(-1.5, y, z), (1.5, y, z)]
        for i in range(len(pts) - 1):
            faces.append((2 * i, 2 * i + 1, 2 * i + 3, 2 * i + 2))
        floor = mesh_object("env-sweep", verts, faces)
        m, nt, b = new_mat("paper")
        b.inputs["Base Color"].default_value = (*sc["paper"], 1)
        b.inputs["Roughness"].default_value = 0.85
        floor.data.materials.append(m)
        env.append(floor)
    else:
        floor = plane("env-floor", 4, 4)
        if surf in ("wood", "darkwood", "floor"):
            floor.data.materials.append(mat_wood("wood", srng, dark=(surf == "darkwood")))
        elif surf == "laminate":
            floor.data.materials.append(mat_laminate("laminate", srng))
        elif surf in ("slate", "marble", "concrete"):
            floor.data.materials.append(mat_stone("stone", surf, srng))
        elif surf in ("linen", "wool", "linen-white"):
            floor.data.materials.append(mat_fabric("cloth", srng, color=(0.78, 0.77, 0.74) if surf == "linen-white" else None,
                                                   scale=300 if surf == "linen" else 150))
            if True:  # a cloth is not flat: soft folds
                sub = floor.modifiers.new("sub", "SUBSURF")
                sub.subdivision_type = "SIMPLE"
                sub.levels = sub.render_levels = 6
                tx = bpy.data.textures.new("folds", "CLOUDS")
                tx.noise_scale = 0.35
                dp = floor.modifiers.new("folds", "DISPLACE")
                dp.texture = tx
                dp.strength = 0.02
                dp.mid_level = 1.0
        elif surf == "paper":
            m, nt, b = new_mat("paper")
            b.inputs["Base Color"].default_value = (0.8, 0.79, 0.77, 1)
            b.inputs["Roughness"].default_value = 0.9
            floor.data.materials.append(m)
        env.append(floor)
        if spec["family"] not in ("flat-lay",):
            wall = plane("env-wall", 4, 3, loc=(0, srng.uniform(0.35, 0.7), 1.5), rot=(math.pi / 2, 0, 0))
            wall.data.materials.append(mat_wall("wall", sc["wall"], srng))
            env.append(wall)
    # --- product
    P = BUILDERS[kind](spec, raw, prng) if kind not in ("box", "shoe") else \
        BUILDERS[kind](spec, raw, prng, lying=(spec["family"] == "flat-lay"))
    root = getattr(P, "root", None)
    rot = math.radians(sc["productRotDeg"])
    if spec["family"] == "multi-angle":
        rot = 0.0
    for ob, _, _ in P.parts:
        if ob.parent is None:
            ob.rotation_euler.z += rot
            ob.location = Matrix_rot_z(rot) @ ob.location
    if root is not None:
        root.rotation_euler.z += rot
    for ob in getattr(P, "props", []):  # the mannequin turns with its garment
        ob.pass_index = 0
        ob.rotation_euler.z += rot
        ob.location = Matrix_rot_z(rot) @ ob.location
    # --- camera
    cam = sc["camera"]
    cd = bpy.data.cameras.new("phone")
    cd.lens = cam["lensMm"]
    cd.sensor_width = 36
    cd.sensor_fit = "AUTO"
    co = bpy.data.objects.new("phone", cd)
    bpy.context.scene.collection.objects.link(co)
    bpy.context.scene.camera = co
    W, H = cam["width"], cam["height"]
    fov_long = 2 * math.atan(18 / cam["lensMm"])
    fov_short = 2 * math.atan(math.tan(fov_long / 2) * min(W, H) / max(W, H))
    fov_v = fov_long if H > W else fov_short
    fov_h = fov_long if W >= H else fov_short
    center = Vector((0, 0, P.center_z))
    el = math.radians(cam["elevationDeg"])
    w_, h_, d_ = P.size
    # apparent extent: height projects with cos(el), depth with sin(el)
    ext_v = h_ * math.cos(el) + max(w_, d_) * math.sin(el) * 0.9
    ext_h = max(w_, d_) if kind != "garment" else w_
    dist = max(ext_v / 2 / (cam["fill"] * math.tan(fov_v / 2)), ext_h / 2 / (cam["fill"] * 1.05 * math.tan(fov_h / 2)))
    dist += max(w_, d_) * 0.5
    if spec["family"] != "multi-angle":  # sellers fill the frame more than the first renders did
        dist *= 0.82
    co.location = polar(cam["azimuthDeg"], cam["elevationDeg"], dist, center)
    look_at(co, center, spec["faults"]["tiltDeg"])
    cd.shift_x, cd.shift_y = cam["offset"]
    cd.clip_start = 0.005
    sc["camera"]["distanceM"] = round(dist, 4)
    # --- props, to the camera's left and right, not in front of the product
    right = Vector((math.cos(math.radians(cam["azimuthDeg"])), math.sin(math.radians(cam["azimuthDeg"])), 0))
    back = Vector((-right.y, right.x, 0))
    props = []
    sides = [1, -1]
    rng.shuffle(sides)
    for i, name in enumerate(sc["props"]):
        s = sides[i % 2]
        off = P.radius + rng.uniform(0.09, 0.16) + 0.05 * (i // 2)
        pos = right * s * off + back * rng.uniform(-0.02, 0.12 + 0.05 * (i // 2))
        props += build_prop(name, rng, (pos.x, pos.y), P.radius)
    # --- lights
    lights = []
    for L in sc["light"]["lights"]:
        ld = bpy.data.lights.new("light", L["type"])
        lo = bpy.data.objects.new("light", ld)
        bpy.context.scene.collection.objects.link(lo)
        lo.location = polar(cam["azimuthDeg"] + L["azimuthDeg"], L["elevationDeg"], L["distanceM"], center)
        if L["type"] == "AREA":
            ld.shape = "RECTANGLE"
            ld.size, ld.size_y = L["sizeM"], L["sizeM"] * 1.4
        else:
            ld.shadow_soft_size = L["sizeM"]
        look_at(lo, center)
        blackbody_light(lo, L["kelvin"], L["watts"])
        lights.append(lo)
    world_setup(sc["light"])
    dbg = os.environ.get("PL_DEBUG", "")
    if "plain" in dbg:
        for ob in env:
            ob.data.materials[0] = mat_plastic("plain", (0.5, 0.5, 0.5), 0.5)
    if "noworld" in dbg:
        bpy.context.scene.world = clean_world()
    if "noprod" in dbg:
        for ob, _, _ in P.parts:
            ob.hide_render = True
    return P, env, props, lights, co

def Matrix_rot_z(a):
    from mathutils import Matrix
    return Matrix.Rotation(a, 3, "Z")

# ----------------------------------------------------------------------------- render

def setup_render(spec, samples):
    s = bpy.context.scene
    s.render.engine = "CYCLES"
    s.cycles.device = "CPU"
    s.cycles.samples = samples
    s.cycles.use_adaptive_sampling = False
    s.cycles.adaptive_threshold = 0.02
    s.cycles.use_denoising = False
    s.cycles.max_bounces = 6
    s.cycles.diffuse_bounces = 1
    s.cycles.glossy_bounces = 1
    s.cycles.transmission_bounces = 4
    s.cycles.transparent_max_bounces = 4
    s.cycles.volume_bounces = 0
    # after one bounce, indirect light is approximated by AO against the world (a large speed-up)
    s.cycles.use_fast_gi = FAST_GI
    s.cycles.fast_gi_method = "REPLACE"
    s.cycles.ao_bounces_render = 1
    s.world.light_settings.ao_factor = 1.0
    s.world.light_settings.distance = 0.5
    s.cycles.caustics_reflective = False
    s.cycles.caustics_refractive = False
    s.cycles.blur_glossy = 1.0
    s.cycles.sample_clamp_indirect = 0.0  # scene radiance here is O(1..10): a clamp would darken what is seen through glass
    s.cycles.seed = spec["seed"]
    s.render.resolution_x = spec["scene"]["camera"]["width"]
    s.render.resolution_y = spec["scene"]["camera"]["height"]
    s.render.resolution_percentage = PERCENT
    s.render.film_transparent = False
    s.view_settings.view_transform = "Standard"
    s.view_settings.look = "None"
    s.view_settings.exposure = 0
    s.view_settings.gamma = 1
    s.render.threads_mode = "FIXED"
    s.render.threads = THREADS
    vl = s.view_layers[0]
    vl.use_pass_object_index = True
    vl.use_pass_diffuse_color = True
    vl.use_pass_cryptomatte_object = True
    vl.pass_cryptomatte_depth = 2
    vl.cycles.denoising_store_passes = True
    s.render.use_compositing = True

def compositor(out_dir, product_names, passes):
    s = bpy.context.scene
    s.use_nodes = True
    nt = s.node_tree
    for n in list(nt.nodes):
        nt.nodes.remove(n)
    rl = nt.nodes.new("CompositorNodeRLayers")
    fo = nt.nodes.new("CompositorNodeOutputFile")
    fo.base_path = out_dir
    fo.format.file_format = "OPEN_EXR"
    fo.format.color_depth = "32"
    fo.format.exr_codec = "ZIP"
    fo.file_slots.clear()
    for name, sock in passes:
        fo.file_slots.new(name)
        nt.links.new(rl.outputs[sock], fo.inputs[name])
    if product_names:
        cm = nt.nodes.new("CompositorNodeCryptomatteV2")
        cm.source = "RENDER"
        cm.scene = s
        cm.layer_name = "ViewLayer.CryptoObject"
        cm.matte_id = ",".join(product_names)
        nt.links.new(rl.outputs["Image"], cm.inputs["Image"])
        fo.file_slots.new("coverage")
        nt.links.new(cm.outputs["Matte"], fo.inputs["coverage"])
    comp = nt.nodes.new("CompositorNodeComposite")
    nt.links.new(rl.outputs["Image"], comp.inputs["Image"])

def load_exr(path, channels):
    img = bpy.data.images.load(path)
    w, h = img.size
    a = np.empty(w * h * 4, np.float32)
    img.pixels.foreach_get(a)
    a = a.reshape(h, w, 4)[::-1]
    bpy.data.images.remove(img)
    return a[..., :channels].copy()

def render_to(out_dir, product_names, passes):
    os.makedirs(out_dir, exist_ok=True)
    compositor(out_dir, product_names, passes)
    t = time.time()
    bpy.ops.render.render(write_still=False)
    return time.time() - t

def main():
    a = args()
    seed = int(a["seed"])
    raw = os.path.abspath(a["raw"])
    os.makedirs(raw, exist_ok=True)
    spec = plan.spec(seed)
    clean_only = a.get("clean_only", "0") == "1"
    if clean_only:  # redo only the clean shot of an existing render, with the spec it was made with
        spec = json.load(open(os.path.join(raw, "render.json")))["spec"]
    global PERCENT, FAST_GI
    PERCENT = int(a.get("percent", 100))
    FAST_GI = a.get("fast_gi", "0") == "1"
    global THREADS
    THREADS = int(a.get("threads", os.cpu_count() or 2))
    samples = int(a["samples"])
    clean_samples = int(a["clean_samples"])
    if spec["longSide"] >= 3000:  # 3.5x the pixels: fewer samples, the denoiser and a phone's own noise cover it
        samples = max(2, samples // 2)
        clean_samples = max(2, clean_samples // 2)
    bpy.ops.wm.read_factory_settings(use_empty=True)
    t0 = time.time()
    P, env, props, lights, cam = build_scene(spec, raw)
    has_glass = any(sl.material and sl.material.node_tree and
                    sl.material.node_tree.nodes["Principled BSDF"].inputs["Transmission"].default_value > 0
                    for ob, _, _ in P.parts for sl in ob.material_slots if "Principled BSDF" in sl.material.node_tree.nodes)
    if has_glass and not clean_only:  # refraction needs more samples and long specular paths
        samples *= 2
    setup_render(spec, samples)
    if has_glass:
        s_ = bpy.context.scene
        s_.cycles.max_bounces = 10
        s_.cycles.transmission_bounces = 10
        s_.cycles.glossy_bounces = 2
        s_.cycles.ao_bounces_render = 6
    names = [ob.name for ob, _, _ in P.parts]
    main_passes = [("combined", "Image"), ("index", "IndexOB"), ("albedo", "Denoising Albedo"),
                   ("normal", "Denoising Normal"), ("diffcol", "DiffCol")]
    if clean_only:
        old = json.load(open(os.path.join(raw, "render.json")))
        secs_main = old["render"]["secondsMain"]
        samples = old["render"]["samples"]
        prev = dict(np.load(os.path.join(raw, "passes.npz")))
    else:
        secs_main = render_to(os.path.join(raw, "main"), names, main_passes)
        prev = {}
    # the clean shot: same camera and geometry; table, wall and room lights gone; a uniform white sky
    # (D65-ish white, strength 1) so a diffuse surface shows its albedo; props stay (same occlusion)
    for ob in env:
        ob.hide_render = True
    for lo in lights:
        lo.hide_render = True
    bpy.context.scene.world = clean_world()
    bpy.context.scene.cycles.use_fast_gi = False  # exact light transport for the truth shot
    bpy.context.scene.cycles.diffuse_bounces = 2
    bpy.context.scene.cycles.samples = clean_samples
    # only the product's box is needed from the clean shot: a render border (full-size frame kept)
    from bpy_extras.object_utils import world_to_camera_view
    dg = bpy.context.evaluated_depsgraph_get()
    xs, ys = [], []
    for ob, _, _ in P.parts:
        ev = ob.evaluated_get(dg)
        me = ev.to_mesh()
        for v in me.vertices:
            c = world_to_camera_view(bpy.context.scene, cam, ev.matrix_world @ v.co)
            xs.append(c.x)
            ys.append(c.y)
        ev.to_mesh_clear()
    r = bpy.context.scene.render
    mx, my = 12 / r.resolution_x, 12 / r.resolution_y
    r.use_border = True
    r.use_crop_to_border = False
    r.border_min_x, r.border_max_x = max(0.0, min(xs) - mx), min(1.0, max(xs) + mx)
    r.border_min_y, r.border_max_y = max(0.0, min(ys) - my), min(1.0, max(ys) + my)
    bpy.context.scene.cycles.seed = seed + 1
    secs_clean = render_to(os.path.join(raw, "clean"), [], [("combined", "Image"), ("index", "IndexOB"),
                                                             ("albedo", "Denoising Albedo"), ("normal", "Denoising Normal")])
    arrays = {k: v for k, v in prev.items() if k.startswith("main_")}
    for sub, names_ in (("main", ["combined", "index", "albedo", "normal", "diffcol", "coverage"]),
                        ("clean", ["combined", "index", "albedo", "normal"])):
        for n in names_:
            path = os.path.join(raw, sub, n + "0001.exr")
            if not os.path.exists(path):
                continue
            ch = 1 if n in ("index",) else 3
            if n == "coverage":
                arr = load_exr(path, 4)
                # the Matte socket is written as colour: take the first channel
                arr = arr[..., 0]
            else:
                arr = load_exr(path, ch)
                if ch == 1:
                    arr = arr[..., 0]
            arrays[sub + "_" + n] = arr.astype(np.float16 if n in ("combined", "albedo", "normal", "diffcol") and False else np.float32)
            os.remove(path)
    np.savez(os.path.join(raw, "passes.npz"), **arrays)
    regions = {}
    for ob, rid, rname in P.parts:
        regions[rid] = rname
    info = {"spec": spec, "regions": regions, "sizeCm": {"w": round(P.size[0] * 100, 1), "h": round(P.size[1] * 100, 1),
                                                         "d": round(P.size[2] * 100, 1)},
            "render": {"samples": samples, "cleanSamples": clean_samples, "secondsMain": round(secs_main, 1),
                       "secondsClean": round(secs_clean, 1), "secondsTotal": round(time.time() - t0, 1)},
            "objects": [{"name": ob.name, "region": rid} for ob, rid, _ in P.parts]}
    with open(os.path.join(raw, "render.json"), "w") as f:
        json.dump(info, f, indent=1)
    print("PHOTOLAB rendered", spec["id"], info["render"])

main()
