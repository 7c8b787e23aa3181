"""The Data page and the sidebar show a roster's warnings before planning (issue 9), and say what
reading did with ID and phone columns; a Traditional-script .xls roster loads through the upload."""

from __future__ import annotations

import io

import xlwt
from streamlit.testing.v1 import AppTest

import ui.state
from planner.i18n import t
from tests.app.helpers import assert_clean, make_app, open_page, shown_texts, sidebar_text

MEMBERS = (
    "党员编号,姓名,居民區(qū),身体状况,身份证号,联系电话\n"
    "001,甲,汽三,很好说不清,11010519491231002X,13800000001\n"
    "002,乙,汽三,臥床,,13800000002\n"
).encode()


def start_data(lang: str) -> AppTest:
    at = make_app(lang=lang).run()
    assert_clean(at)
    return open_page(at, "data")


def upload(at: AppTest, files: list[tuple[str, bytes, str]]) -> AppTest:
    at.file_uploader(key=ui.state.UPLOAD_WIDGET_KEY).set_value(files)
    return at.run()


def test_warnings_table_is_open_above_the_link_and_counted_in_the_sidebar() -> None:
    at = upload(start_data("en"), [("members.csv", MEMBERS, "text/csv")])
    assert_clean(at)
    roster = at.session_state[ui.state.ROSTER_KEY].roster
    count = len(roster.warnings)
    assert count >= 2  # the unknown mobility, members in no team, teams inferred
    saved = {t("store.resume.title", "en"), t("store.resume.others", "en")}
    assert not [e for e in at.expander if e.label not in saved]  # the table is not folded away
    warnings_table = at.dataframe[0].value
    assert "很好说不清" in warnings_table[t("ui.issues.col.value", "en")].tolist()
    texts = shown_texts(at)
    table_at = next(i for i, text in enumerate(texts) if t("reader_gate.ui.warnings_help", "en") in text)
    link_at = next(i for i, text in enumerate(texts) if t("ui.data.go_statistics", "en") in text)
    assert table_at < link_at
    assert t("reader_gate.ui.sidebar_warnings", "en", count=count) in sidebar_text(at)
    shown = "\n".join(texts)
    assert "used to derive" in shown and "phone numbers" in shown  # the column report
    assert "11010519491231002X" not in shown and "13800000001" not in shown


def test_traditional_xls_roster_uploads() -> None:
    book = xlwt.Workbook(encoding="utf-8")
    sheet = book.add_sheet("黨員名冊")
    sheet.write_merge(0, 0, 0, 3, "黨員花名冊（2026年）")
    for c, header in enumerate(("黨員編號", "姓名", "居民區", "團隊類型")):
        sheet.write(1, c, header)
    for r, row in enumerate((("0001", "甲", "東方"), ("0002", "乙", "東方")), start=2):
        for c, value in enumerate(row):
            sheet.write(r, c, value)
    buffer = io.BytesIO()
    book.save(buffer)
    at = upload(start_data("zh"), [("名冊.xls", buffer.getvalue(), "application/vnd.ms-excel")])
    assert_clean(at)
    assert not at.error
    roster = at.session_state[ui.state.ROSTER_KEY].roster
    assert roster.members["member_id"].tolist() == ["0001", "0002"]
    assert roster.members["area"].tolist() == ["東方", "東方"]
