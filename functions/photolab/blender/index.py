"""Writes CORPUS/index.json: every photo id with its family and kind (from each truth.json)."""
import json
import os
import sys

corpus = sys.argv[1]
photos = []
for d in sorted(os.listdir(corpus)):
    t = os.path.join(corpus, d, "truth.json")
    if os.path.isfile(t):
        j = json.load(open(t))
        photos.append({"id": j["id"], "family": j["family"], "kind": j["kind"], "kindName": j.get("kindName"),
                       "longSide": j["longSide"], "labelBox": j["labelBox"] is not None,
                       "group": j["scene"].get("group")})
with open(os.path.join(corpus, "index.json"), "w") as f:
    json.dump({"count": len(photos), "photos": photos}, f, indent=1)
print("index.json:", len(photos), "photos")
