#!/usr/bin/env bash
# Set up budgetlens and run the main job on the bundled example: read, check, store (SQLite), compare.
set -euo pipefail
cd "$(dirname "$0")/.."
python3 -m pip install -q -e ".[all]"

echo "== 1. 读取：云溪县文化广电和旅游局 2024 年部门预算（示例）"
budgetlens parse examples/yunxi_2024_budget.txt

echo
echo "== 2. 检查：同一文件埋入三处错误的版本（发现错误时退出码为 1，属预期）"
budgetlens check examples/yunxi_2024_budget_errors.txt || true

echo
echo "== 3. 入库：示例与种子文件写入内嵌 SQLite 数据库 budgetlens.db"
inputs=(examples/*.txt)  # the disclosures; examples/input holds budgetlens render's input, not disclosures
[ -d ../shared/seeds ] && inputs+=(../shared/seeds)
budgetlens ingest "${inputs[@]}" --db sqlite:///budgetlens.db

echo
echo "== 4. 比较：库中各单位的主要指标"
budgetlens compare --db sqlite:///budgetlens.db
