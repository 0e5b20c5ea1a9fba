from __future__ import annotations

import csv
import json
import shutil
import subprocess
import sys
from decimal import Decimal
from pathlib import Path

import pyarrow.parquet as pq
import pytest
from openpyxl import load_workbook
from sqlalchemy import Engine
from typer.testing import CliRunner

from budgetlens.batch import runner
from budgetlens.batch.runner import DASK_MESSAGE_LOG, connect, ingest
from budgetlens.cli import app
from budgetlens.errors import BudgetlensError
from budgetlens.store import export as export_module
from budgetlens.store.db import open_engine
from budgetlens.store.export import ExportFormat, export
from budgetlens.store.schema import AmountRow
from tests.store.dbutil import contents, count

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "examples" / "yunxi_2024_budget.txt"


def test_dask_local_cluster_gives_same_contents(tmp_path: Path, seeds_dir: Path) -> None:
    distributed = pytest.importorskip("distributed")
    folder = tmp_path / "examples"
    folder.mkdir()
    for name in ("yunxi_2024_budget.txt", "yunxi_2024_budget_errors.txt", "yunxi_2024_budget_tabs.txt"):
        shutil.copy(ROOT / "examples" / name, folder / name)
    local = open_engine(f"sqlite:///{tmp_path / 'local.db'}")
    ingest([folder, seeds_dir], local, workers=2)
    remote = open_engine(f"sqlite:///{tmp_path / 'dask.db'}")
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=":0") as cluster, \
            connect(cluster.scheduler_address) as client, distributed.get_task_stream(client) as stream:
        # by address, as the CLI does: ingest makes its own client
        summary = ingest([folder, seeds_dir], remote, dask=cluster.scheduler_address)
        # the client's log of sent messages (each carrying its files) is kept short
        assert client.scheduler_comm.recent_message_log.maxlen == DASK_MESSAGE_LOG == 16
    # 8 files: tasks of one file each, so that both workers get some
    assert len(stream.data) == 8 and len({task["worker"] for task in stream.data}) == 2
    assert summary.failed == [] and (summary.added, summary.replaced) == (6, 2)
    assert contents(remote) == contents(local)
    local.dispose()
    remote.dispose()


@pytest.mark.parametrize(("address", "message"), [
    ("tcp://127.0.0.1:9", "无法连接 Dask 调度器（Timed out"),
    ("127.0.0.1", "Dask 调度器地址无效，应形如 tcp://主机:8786（missing port number"),
    ("udp://127.0.0.1:8786", "Dask 调度器地址无效，应形如 tcp://主机:8786（unknown address scheme 'udp'"),
])
def test_a_bad_scheduler_address_is_reported(address: str, message: str) -> None:
    pytest.importorskip("distributed")
    with pytest.raises(BudgetlensError) as info:
        connect(address, timeout="1s")
    assert info.value.path == address and info.value.message.startswith(message)


def test_a_scheduler_without_workers_is_reported(engine: Engine, monkeypatch: pytest.MonkeyPatch) -> None:
    distributed = pytest.importorskip("distributed")
    monkeypatch.setattr(runner, "DASK_WORKER_WAIT", 0.5)
    with distributed.LocalCluster(n_workers=0, processes=False, dashboard_address=":0") as cluster:
        address = cluster.scheduler_address
        with pytest.raises(BudgetlensError) as info:
            ingest([EXAMPLE], engine, dask=address)
    assert info.value.path == address
    assert info.value.message == "Dask 调度器在 0.5 秒内没有可用的工作进程（worker），请先启动 dask worker"
    assert count(engine, AmountRow) == 0


def test_ingest_reports_a_bad_scheduler_address(tmp_path: Path) -> None:
    pytest.importorskip("distributed")
    res = subprocess.run([sys.executable, "-m", "budgetlens.cli", "ingest", "-q", str(EXAMPLE),
                          "--db", str(tmp_path / "x.db"), "--dask", "localhost"], capture_output=True, text=True)
    assert res.returncode == 2 and "Traceback" not in res.stderr, res.stderr
    assert res.stderr.startswith("错误：localhost：Dask 调度器地址无效，应形如 tcp://主机:8786（missing port number"), res.stderr


def test_exports_read_back(engine: Engine, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(export_module, "PARQUET_CHUNK", 50)  # several row groups
    ingest([EXAMPLE], engine)
    n = count(engine, AmountRow)
    assert export(engine, ExportFormat.CSV, tmp_path / "v.csv") == n
    with (tmp_path / "v.csv").open(encoding="utf-8-sig") as fh:
        rows = list(csv.DictReader(fh))
    assert len(rows) == n
    total = [r for r in rows if r["表类别"] == "支出总表" and r["科目名称"] == "合计" and r["列"] == "项目支出"]
    assert [(r["金额"], r["金额单位"], r["金额（元）"]) for r in total] == [("2520000", "元", "2520000")]
    assert export(engine, ExportFormat.XLSX, tmp_path / "v.xlsx") == n
    ws = load_workbook(tmp_path / "v.xlsx", read_only=True)["表格数据"]
    sheet = list(ws.values)
    assert sheet[0][:3] == ("单位名称", "单位编码", "年度") and len(sheet) == n + 1
    assert export(engine, ExportFormat.PARQUET, tmp_path / "v.parquet") == n
    table = pq.read_table(tmp_path / "v.parquet")
    assert table.num_rows == n and pq.ParquetFile(tmp_path / "v.parquet").num_row_groups == -(-n // 50)
    assert table.column("row_name").to_pylist() == [r["科目名称"] for r in rows]
    assert sum(table.column("value_yuan").to_pylist()) == sum(Decimal(r["金额（元）"]) for r in rows)
    assert export(engine, ExportFormat.FDP, tmp_path / "fdp", year=2024) == n
    package = json.loads((tmp_path / "fdp" / "datapackage.json").read_text(encoding="utf-8"))
    fields = {f["name"]: f for f in package["resources"][0]["schema"]["fields"]}
    assert fields["row_code"]["type"] == "string" and "pattern" in fields["row_code"]["constraints"]
    assert fields["value_yuan"]["type"] == "number" and fields["value_yuan"]["unit"] == "元"
    with (tmp_path / "fdp" / "table_values.csv").open(encoding="utf-8") as fh:
        assert len(list(csv.DictReader(fh))) == n
    assert export(engine, ExportFormat.CSV, tmp_path / "none.csv", year=1999) == 0


def test_ingest_cli_reports_bad_file(tmp_path: Path) -> None:
    bad = tmp_path / "bad.txt"
    bad.write_bytes(b"")
    db = str(tmp_path / "cli.db")
    res = CliRunner().invoke(app, ["ingest", "-q", "--db", db, str(EXAMPLE), str(bad)])
    assert res.exit_code == 1
    assert "共 2 个文件：新增 1，替换 0，未变 0，旧版本跳过 0，失败 1" in res.output
    assert f"失败：{bad}：" in res.output
    res = CliRunner().invoke(app, ["ingest", "-q", "--db", db, str(EXAMPLE)])
    assert res.exit_code == 0 and "未变 1" in res.output


def test_export_cli_filters_and_reports_errors(tmp_path: Path) -> None:
    db = str(tmp_path / "cli.db")
    runner = CliRunner()
    assert runner.invoke(app, ["ingest", "-q", "--db", db, str(EXAMPLE)]).exit_code == 0
    res = runner.invoke(app, ["export", "--db", db, "-f", "csv", "-o", str(tmp_path / "a.csv"), "--entity", "云溪"])
    assert res.exit_code == 0, res.output
    engine = open_engine(db)
    n = count(engine, AmountRow)
    engine.dispose()
    assert f"已导出 {n} 行到 {tmp_path / 'a.csv'}" in res.output
    res = runner.invoke(app, ["export", "--db", db, "-f", "csv", "-o", str(tmp_path / "b.csv"), "--entity", "不存在"])
    assert res.exit_code == 0 and "已导出 0 行" in res.output
    res = runner.invoke(app, ["export", "--db", db, "-f", "xlsx", "-o", str(tmp_path / "no" / "such" / "c.xlsx")])
    assert res.exit_code != 0
    assert isinstance(res.exception, BudgetlensError) and "无法写入" in str(res.exception)
