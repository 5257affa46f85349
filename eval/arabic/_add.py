import json, sys, hashlib, re, os
D = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(D, "sentences.jsonl")
ET = {}
for et, subs in {
 "Battles": ["Armed clash","Government regains territory","Non-state actor overtakes territory"],
 "Explosions/Remote violence": ["Chemical weapon","Air/drone strike","Suicide bomb","Shelling/artillery/missile attack","Remote explosive/landmine/IED","Grenade"],
 "Violence against civilians": ["Sexual violence","Attack","Abduction/forced disappearance"],
 "Protests": ["Peaceful protest","Protest with intervention","Excessive force against protesters"],
 "Riots": ["Violent demonstration","Mob violence"],
 "Strategic developments": ["Agreement","Arrests","Change to group/activity","Disrupted weapons use","Headquarters or base established","Looting/property destruction","Non-violent transfer of territory","Other"]}.items():
    for s in subs: ET[s] = et
ET["none"] = None
def nth(text, w, n):
    i = -1
    for _ in range(n):
        i = text.find(w, i+1)
        if i < 0: raise ValueError(f"not found {w!r} #{n} in {text}")
    return i
def main(path):
    import runpy
    batch = runpy.run_path(path)["B"] if path.endswith(".py") else json.load(open(path, encoding="utf-8"))
    n = 0
    existing = set()
    if os.path.exists(OUT):
        for l in open(OUT, encoding="utf-8"):
            if l.strip():
                n += 1; existing.add(json.loads(l)["text"])
    recs = []
    for page in batch:
        url = page["url"]; split = "test" if int(hashlib.sha1(url.encode()).hexdigest(),16)%10 < 4 else "train"
        for it in page["s"]:
            text, label, country, places, dates, why = it
            text = re.sub(r"\s+", " ", text).strip()
            if text in existing: print("DUP", text[:40]); continue
            assert label in ET, label
            P = []
            for p in places:
                w, kind, c, en = p[:4]; occ = p[4] if len(p) > 4 else 1
                assert kind in "town village district camp feature admin1 country region".split(), kind
                P.append({"words": w, "start": nth(text, w, occ), "kind": kind, "country": c, "name_en": en})
            Dt = []
            for d in dates:
                w, iso = d[:2]; occ = 1
                rec = {"words": w, "start": nth(text, w, occ), "date": iso}
                if len(d) > 2 and d[2] == "p": rec["period"] = True
                Dt.append(rec)
            n += 1
            recs.append({"id": f"a{n:04d}", "text": text, "label": label, "event_type": ET[label],
              "country": country, "places": P, "dates": Dt, "published": page.get("pub"),
              "source": {"url": url, "title": page.get("title")}, "why": why, "split": split})
            existing.add(text)
    with open(OUT, "a", encoding="utf-8") as f:
        for r in recs: f.write(json.dumps(r, ensure_ascii=False) + "\n")
    print("added", len(recs), "total", n)
main(sys.argv[1])
