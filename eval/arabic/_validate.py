import json, hashlib, re, collections, sys
LABELS = {"Armed clash":"Battles","Government regains territory":"Battles","Non-state actor overtakes territory":"Battles",
"Chemical weapon":"Explosions/Remote violence","Air/drone strike":"Explosions/Remote violence","Suicide bomb":"Explosions/Remote violence","Shelling/artillery/missile attack":"Explosions/Remote violence","Remote explosive/landmine/IED":"Explosions/Remote violence","Grenade":"Explosions/Remote violence",
"Sexual violence":"Violence against civilians","Attack":"Violence against civilians","Abduction/forced disappearance":"Violence against civilians",
"Peaceful protest":"Protests","Protest with intervention":"Protests","Excessive force against protesters":"Protests",
"Violent demonstration":"Riots","Mob violence":"Riots",
"Agreement":"Strategic developments","Arrests":"Strategic developments","Change to group/activity":"Strategic developments","Disrupted weapons use":"Strategic developments","Headquarters or base established":"Strategic developments","Looting/property destruction":"Strategic developments","Non-violent transfer of territory":"Strategic developments","Other":"Strategic developments","none":None}
KINDS = set("town village district camp feature admin1 country region".split())
R = [json.loads(l) for l in open("sentences.jsonl", encoding="utf-8")]
err = []; warn = []
ids = [r["id"] for r in R]
if len(set(ids)) != len(ids): err.append("dup ids")
if ids != [f"a{i:04d}" for i in range(1, len(R)+1)]: err.append("ids not sequential")
if len({r["text"] for r in R}) != len(R): err.append("dup texts")
AR = re.compile(r"[\u0621-\u064A]")
for r in R:
    t = r["text"]
    if t != re.sub(r"\s+", " ", t).strip(): err.append(r["id"]+" whitespace")
    if r["label"] not in LABELS: err.append(r["id"]+" bad label")
    if r["event_type"] != LABELS.get(r["label"]): err.append(r["id"]+" bad event_type")
    u = r["source"]["url"]
    sp = "test" if int(hashlib.sha1(u.encode()).hexdigest(),16)%10 < 4 else "train"
    if r["split"] != sp: err.append(r["id"]+" split")
    if r["published"] is not None and not re.fullmatch(r"\d{4}-\d{2}-\d{2}", r["published"]): err.append(r["id"]+" pub fmt")
    for p in r["places"]:
        w, s = p["words"], p["start"]
        if t[s:s+len(w)] != w: err.append(r["id"]+f" place offset {w}")
        if p["kind"] not in KINDS: err.append(r["id"]+" kind")
        after = t[s+len(w):s+len(w)+1]
        if after and AR.match(after) and p["kind"]!="feature": warn.append(r["id"]+f" place '{w}' followed by letter '{after}'")
        before = t[max(0,s-2):s]
        if before and AR.match(before[-1:]) and before[-1] not in "وبلفك": warn.append(r["id"]+f" place '{w}' preceded by '{before}'")
    for d in r["dates"]:
        w, s = d["words"], d["start"]
        if t[s:s+len(w)] != w: err.append(r["id"]+f" date offset {w}")
        if d["date"] is not None and not re.fullmatch(r"\d{4}-\d{2}(-\d{2})?", d["date"]): err.append(r["id"]+" date fmt")
    if len(r["why"].split()) > 20: warn.append(r["id"]+" why>20 words")
print("ERRORS", len(err)); print("\n".join(err[:50]))
print("WARN", len(warn)); print("\n".join(warn[:80]))
C = collections.Counter
print("total", len(R), "pages", len({r['source']['url'] for r in R}))
print("event_type", C(r["event_type"] for r in R).most_common())
print("label", C(r["label"] for r in R).most_common())
print("split", C(r["split"] for r in R), "pages/split", C(s for s in {(r['source']['url'], r['split']) for r in R} for s in [s[1]]))
print("country", C(r["country"] for r in R).most_common())
print("non-Syria share", sum(r["country"]!="Syria" for r in R)/len(R))
print("with places", sum(bool(r["places"]) for r in R), "with dates", sum(bool(r["dates"]) for r in R), "published", sum(r["published"] is not None for r in R))
