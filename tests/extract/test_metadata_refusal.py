"""A file that is no disclosure (a review checklist, a web article, a text without Chinese) is refused
with one Chinese line naming the file; a disclosure, even a short one, never is. Fictional texts."""

from __future__ import annotations

from pathlib import Path

import pytest

from budgetlens.errors import ExtractError
from budgetlens.extract import parse_file

CHECKLIST = """\
青岚市部门预决算公开检查表
序号\t检查项目\t检查内容\t是否公开\t是否规范\t存在问题
1\t公开时间\t是否在批复后20日内公开\t是\t是\t无
2\t公开内容\t是否公开“三公”经费\t是\t否\t未说明增减原因
"""

ARTICLE = """\
青岚市召开预决算公开工作推进会
发布时间：2025-03-12 来源：青岚市示例局 浏览次数：128
3月12日上午，市示例局召开工作推进会，部署今年的公开工作。
会议要求各单位按时、完整公开。
责任编辑：王某
"""

SHORT_DISCLOSURE = """\
青岚县示例事务局
2024年部门预算公开情况说明
2024年本年收入合计128.50万元，其中：一般公共预算拨款收入120.00万元，其他收入8.50万元。
"""


def _refused(tmp_path: Path, name: str, text: str) -> str:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ExtractError) as info:
        parse_file(path)
    message = str(info.value)
    assert message.startswith(str(path)) and "\n" not in message
    return message


def test_review_checklist_is_refused(tmp_path: Path) -> None:
    message = _refused(tmp_path, "checklist.txt", CHECKLIST)
    assert "检查/审核清单" in message and "不是预决算公开文件" in message


def test_web_article_is_refused(tmp_path: Path) -> None:
    message = _refused(tmp_path, "article.txt", ARTICLE)
    assert "网页文章" in message and "发布时间" in message


def test_text_with_nothing_of_a_disclosure_is_refused(tmp_path: Path) -> None:
    message = _refused(tmp_path, "notes.txt", "会议纪要\n今天讨论了办公室搬迁的安排。\n")
    assert "没有预决算公开的表格" in message


def test_short_disclosure_is_read(tmp_path: Path) -> None:
    path = tmp_path / "short.txt"
    path.write_text(SHORT_DISCLOSURE, encoding="utf-8")
    doc = parse_file(path)
    assert (doc.entity.name, doc.year, doc.kind.value if doc.kind else None) == ("青岚县示例事务局", 2024, "预算")
