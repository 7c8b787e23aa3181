"""Where each rule comes from: the regulation it follows, shown beside the rule."""

CATALOGUE = {
    "source.branch_regulations_size": {
        "zh": "《中国共产党支部工作条例（试行）》（2018）：党支部党员人数一般不超过 50 人",
        "en": "Party branch work regulations (2018): a branch normally has at most 50 members",
    },
    "source.constitution_min_members": {
        "zh": "《中国共产党章程》：有正式党员三人以上的，都应当成立党的基层组织",
        "en": "Party constitution: wherever there are three or more full members, a basic Party "
        "organisation is formed",
    },
    "source.branch_regulations_committee": {
        "zh": "《中国共产党支部工作条例（试行）》：正式党员 7 人以上的党支部设支部委员会，"
        "委员一般 3 至 5 人，最多不超过 7 人；只有正式党员可以当选",
        "en": "Party branch work regulations: a branch with 7 or more full members elects a committee, "
        "usually of 3 to 5 (at most 7); only full members can be elected",
    },
    "source.branch_regulations_joint": {
        "zh": "《中国共产党支部工作条例（试行）》：联合党支部覆盖单位一般不超过 5 个",
        "en": "Party branch work regulations: a joint branch normally covers at most 5 units",
    },
    "source.branch_regulations_groups": {
        "zh": "《中国共产党支部工作条例（试行）》：党员人数较多的党支部划分若干党小组"
        "（本工作台默认 20 人以上分组）",
        "en": "Party branch work regulations: a branch with many members is divided into party groups "
        "(this workbench: from 20 members by default)",
    },
    "source.planning_choice": {
        "zh": "研讨会的规划选择（不是规定）",
        "en": "a planning choice of the workshop (not a regulation)",
    },
}
