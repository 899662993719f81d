#!/usr/bin/env python3
"""Rewrites the README's table of evidence rules from questions/evidence.json (the one source).
tests/evidence.rs `the_readme_table_matches_the_rules` fails when the two drift apart.
Usage: python3 bench/rules_table.py"""
import json
import pathlib

root = pathlib.Path(__file__).resolve().parent.parent
readme = root / "README.md"
rules = json.loads((root / "questions/evidence.json").read_text())["rules"]
practice = {"identify": "BP01", "loosely_coupled_system": "BP02", "constant_work": "BP03", "idempotent": "BP04"}
head = "| rule id | practice | check | kind | what it looks for | what it cannot see |\n|---|---|---|---|---|---|\n"
text = readme.read_text()
start = text.index(head) + len(head)
end = text.index("\n\n", start)


def cell(s):
    return s.replace("|", "\\|")


rows = []
for r in rules:
    bp = next(v for k, v in practice.items() if r["choiceId"].endswith(k))
    check = f"`{r['check']}`" if r.get("check") else "-"
    rows.append(f"| `{r['id']}` | {bp} | {check} | {r['kind']} | {cell(r['sees'])} | {cell(r['blind'])} |")
readme.write_text(text[:start] + "\n".join(rows) + text[end:])
