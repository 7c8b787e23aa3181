"""The roster's shape: columns, aliases, category values and the typed roster value.

Members DataFrame (one row per Party member), columns in this order:

============== ========== ==========================================================
column         dtype      meaning
============== ========== ==========================================================
member_id      str        unique id, kept as text (leading zeros stay)
name           str        member's name
area           str        residential area (居民区)
current_branch str        branch today; defaults to the area
status         str        ``full`` or ``probationary``
gender         str        ``male``, ``female`` or ``unknown``
birth_year     Int64      year of birth, or <NA>
employment     str        ``retired``, ``employed``, ``unemployed`` or ``other``
mobility       str        ``normal``, ``limited`` or ``bedridden``
hardship       bool       member lives in hardship (生活困难)
role           str        ``secretary``, ``committee``, ``group_leader``,
                          ``team_leader`` or ``none``
teams          object     tuple of team_id, in the member's order of preference,
                          resolved within the member's area (unknown names dropped
                          with a warning)
source_row     int        the row number the user sees in Excel (1-based)
============== ========== ==========================================================

Any extra input columns follow, unchanged.

Teams DataFrame (one row per team):

============ ======= ============================================================
column       dtype   meaning
============ ======= ============================================================
team_id      str     id, unique within its area; defaults to the name
name         str     team name, unique within its area
area         str     residential area
type         str     ``learning``, ``culture``, ``sports``, ``service`` or ``other``
participants Int64   everyone in the team, Party members or not, or <NA>
leader_id    str     member_id of the leader when it could be resolved, else ""
source_row   int     the row number the user sees in Excel; 0 for teams inferred from
                     the members' ``teams`` column
============ ======= ============================================================

A team's identity is the pair (area, team_id).
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from enum import StrEnum

import pandas as pd


@dataclass(frozen=True)
class ColumnSpec:
    """One input column: canonical name, accepted header aliases, whether required."""

    name: str
    aliases: tuple[str, ...]
    required: bool = False


MEMBER_SPECS: tuple[ColumnSpec, ...] = (
    ColumnSpec("member_id", ("编号", "党员编号", "編號", "黨員編號", "id"), True),
    ColumnSpec("name", ("姓名",), True),
    ColumnSpec("area", ("居民区", "所在居民区", "居民區", "所在居民區"), True),
    ColumnSpec("current_branch", ("所在党支部", "现所在支部", "所在黨支部", "現所在支部", "branch")),
    ColumnSpec("status", ("党员类别", "人员类别", "黨員類別", "人員類別")),
    ColumnSpec("gender", ("性别", "性別", "sex")),
    ColumnSpec("birth_date", ("出生日期", "出生年月", "birth_year", "出生年份")),
    ColumnSpec("employment", ("就业状态", "工作状态", "就業狀態", "工作狀態")),
    ColumnSpec("mobility", ("身体状况", "行动能力", "身體狀況", "行動能力")),
    ColumnSpec("hardship", ("生活困难", "生活困難")),
    ColumnSpec("role", ("骨干", "党内职务", "骨幹", "黨內職務")),
    ColumnSpec("teams", ("参加团队", "所在团队", "參加團隊", "所在團隊")),
)

TEAM_SPECS: tuple[ColumnSpec, ...] = (
    ColumnSpec("team_id", ("团队编号", "團隊編號")),
    ColumnSpec("name", ("团队名称", "團隊名稱", "team_name"), True),
    ColumnSpec("area", ("居民区", "居民區", "所在居民区"), True),
    ColumnSpec("type", ("团队类型", "类型", "團隊類型", "類型")),
    ColumnSpec("participants", ("团队人数", "参与人数", "團隊人數", "參與人數")),
    ColumnSpec("leader", ("负责人", "負責人")),
)

#: Columns read only to derive other values (birth date and gender from the ID number), then
#: dropped at reading: no roster value downstream ever holds them.
PRIVATE_SPECS: tuple[ColumnSpec, ...] = (
    ColumnSpec(
        "id_card",
        (
            "身份证号",
            "身份证号码",
            "公民身份号码",
            "身份证",
            "证件号码",
            "id_card",
            "id_number",
            "citizen_id",
        ),
    ),
    ColumnSpec(
        "phone",
        (
            "联系电话",
            "电话",
            "电话号码",
            "手机",
            "手机号",
            "手机号码",
            "联系方式",
            "移动电话",
            "phone",
            "mobile",
            "tel",
        ),
    ),
)
PRIVATE_COLUMNS: tuple[str, ...] = tuple(spec.name for spec in PRIVATE_SPECS)

MEMBER_SHEET_NAMES: tuple[str, ...] = ("members", "党员", "党员名册", "黨員", "黨員名冊")
TEAM_SHEET_NAMES: tuple[str, ...] = ("teams", "团队", "團隊")

#: Canonical Chinese header per column, used by the template and exports.
MEMBER_HEADERS_ZH: dict[str, str] = {
    "member_id": "党员编号",
    "name": "姓名",
    "area": "居民区",
    "current_branch": "所在党支部",
    "status": "党员类别",
    "gender": "性别",
    "birth_date": "出生年月",
    "employment": "就业状态",
    "mobility": "身体状况",
    "hardship": "生活困难",
    "role": "骨干",
    "teams": "参加团队",
}
TEAM_HEADERS_ZH: dict[str, str] = {
    "team_id": "团队编号",
    "name": "团队名称",
    "area": "居民区",
    "type": "团队类型",
    "participants": "团队人数",
    "leader": "负责人",
}

# Category values: canonical code -> accepted spellings (matched after normalising).
STATUS_VALUES: dict[str, tuple[str, ...]] = {
    "full": ("full", "正式党员", "正式", "正式黨員"),
    "probationary": ("probationary", "预备党员", "预备", "預備黨員", "預備"),
}
GENDER_VALUES: dict[str, tuple[str, ...]] = {
    "male": ("male", "m", "男"),
    "female": ("female", "f", "女"),
}
EMPLOYMENT_VALUES: dict[str, tuple[str, ...]] = {
    "retired": ("retired", "退休", "离退休", "離退休"),
    "employed": ("employed", "在职", "在職", "在岗", "在崗"),
    "unemployed": ("unemployed", "失业", "失業", "待业", "待業", "无业", "無業"),
    "other": ("other", "其他", "其它"),
}
MOBILITY_VALUES: dict[str, tuple[str, ...]] = {
    "normal": ("normal", "正常", "健康", "良好"),
    "limited": ("limited", "行动不便", "行動不便", "不便"),
    "bedridden": ("bedridden", "卧床", "臥床", "长期卧床", "長期臥床"),
}
HARDSHIP_VALUES: dict[str, tuple[str, ...]] = {
    "yes": ("yes", "y", "true", "1", "是", "困难", "困難"),
    "no": ("no", "n", "false", "0", "否", "无", "無"),
}
ROLE_VALUES: dict[str, tuple[str, ...]] = {
    "secretary": ("secretary", "书记", "書記", "支部书记", "支部書記"),
    "committee": ("committee", "委员", "委員", "支委", "支委委员"),
    "group_leader": ("group_leader", "group leader", "党小组长", "黨小組長", "小组长", "小組長"),
    "team_leader": ("team_leader", "team leader", "团队负责人", "團隊負責人", "队长", "隊長"),
    "none": ("none", "无", "無", "否", "-"),
}
TEAM_TYPE_VALUES: dict[str, tuple[str, ...]] = {
    "learning": ("learning", "学习教育型", "學習教育型", "学习教育", "學習教育"),
    "culture": ("culture", "文化艺术型", "文化藝術型", "文化艺术", "文化藝術"),
    "sports": ("sports", "体育保健型", "體育保健型", "体育保健", "體育保健"),
    "service": ("service", "公益服务型", "公益服務型", "公益服务", "公益服務"),
    "other": ("other", "其他", "其它"),
}

TEAM_TYPES: tuple[str, ...] = ("learning", "culture", "sports", "service")
ROLES_BACKBONE: frozenset[str] = frozenset({"secretary", "committee", "group_leader", "team_leader"})

#: Canonical Chinese spelling of each code (first Chinese alias), for exports and the template.
VALUE_ZH: dict[str, str] = {
    "full": "正式党员",
    "probationary": "预备党员",
    "male": "男",
    "female": "女",
    "unknown": "",
    "retired": "退休",
    "employed": "在职",
    "unemployed": "失业",
    "other": "其他",
    "normal": "正常",
    "limited": "行动不便",
    "bedridden": "卧床",
    "secretary": "书记",
    "committee": "委员",
    "group_leader": "党小组长",
    "team_leader": "团队负责人",
    "none": "无",
    "learning": "学习教育型",
    "culture": "文化艺术型",
    "sports": "体育保健型",
    "service": "公益服务型",
}

MEMBER_COLUMNS: tuple[str, ...] = (
    "member_id",
    "name",
    "area",
    "current_branch",
    "status",
    "gender",
    "birth_year",
    "employment",
    "mobility",
    "hardship",
    "role",
    "teams",
    "source_row",
)
TEAM_COLUMNS: tuple[str, ...] = (
    "team_id",
    "name",
    "area",
    "type",
    "participants",
    "leader_id",
    "source_row",
)

#: Columns of the problems table (validation errors and warnings).
ISSUE_COLUMNS: tuple[str, ...] = ("severity", "sheet", "row", "column", "value", "problem", "action")


class Severity(StrEnum):
    ERROR = "error"
    WARNING = "warning"
    #: what the reader did that the user should know of, not a problem (a column dropped)
    NOTE = "note"


@dataclass(frozen=True)
class Issue:
    """One problem found in the input, kept language-neutral until rendered.

    ``code`` names a pair of translation keys: ``problem.<code>`` and ``action.<code>``;
    ``params`` fills their placeholders.
    """

    severity: Severity
    code: str
    sheet: str = ""
    row: int | None = None
    column: str = ""
    value: str = ""
    params: tuple[tuple[str, str], ...] = ()


class RosterError(Exception):
    """The input could not be loaded; ``issues`` lists every problem found."""

    def __init__(self, issues: list[Issue]):
        super().__init__(f"{sum(i.severity is Severity.ERROR for i in issues)} problem(s) in the roster")
        self.issues = issues


@dataclass(frozen=True)
class Roster:
    """A loaded, validated roster. Treat the frames as read-only."""

    members: pd.DataFrame
    teams: pd.DataFrame
    warnings: tuple[Issue, ...] = ()
    #: how each file was read, e.g. (("members.csv", "gb18030"),); a workbook is ("name", "xlsx")
    encodings: tuple[tuple[str, str], ...] = ()
    fingerprint: str = field(default="")
    #: Severity.NOTE issues: what reading did besides warnings (private columns dropped)
    notes: tuple[Issue, ...] = ()

    @property
    def areas(self) -> list[str]:
        return sorted(self.members["area"].unique().tolist())


def roster_fingerprint(members: pd.DataFrame, teams: pd.DataFrame) -> str:
    """A stable hash of the roster content (canonical columns only), so plans and
    bundles can say which roster they belong to."""
    digest = hashlib.sha256()
    for frame, columns in ((members, MEMBER_COLUMNS), (teams, TEAM_COLUMNS)):
        cols = [c for c in columns if c in frame.columns and c != "source_row"]
        canon = frame[cols].astype(str).sort_values(cols[0], kind="stable")
        digest.update(canon.to_csv(index=False).encode("utf-8"))
    return digest.hexdigest()[:16]


def is_candidate(members: pd.DataFrame) -> pd.Series:
    """Secretary/committee candidates: full members with a backbone role."""
    return (members["status"] == "full") & members["role"].isin(ROLES_BACKBONE)
