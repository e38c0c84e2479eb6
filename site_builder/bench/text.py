"""Word pools and a small grammar that write plausible Chinese and English prose for benchmark corpora.

The sentences are nonsense as reporting, but they have the shape of the real text: Chinese
without spaces, full-width punctuation, numbers with 万/亿, English with the domain's vocabulary,
so that Chinese line joining, segmentation in search and Markdown rendering do realistic work.
"""

from __future__ import annotations

import random
import re

_HAN = re.compile(r"[\u4e00-\u9fff]")

# Paired pools: the same index is the same idea in both languages.
SUBJECTS = [
    ("内蒙古", "Inner Mongolia"), ("广东", "Guangdong"), ("粤港澳大湾区", "the Greater Bay Area"),
    ("自治区政府", "the regional government"), ("深圳企业", "Shenzhen companies"), ("广州市", "Guangzhou"),
    ("鄂尔多斯市", "Ordos"), ("包头市", "Baotou"), ("呼和浩特市", "Hohhot"), ("两地企业", "companies in both regions"),
    ("有关部门", "the departments concerned"), ("专家学者", "scholars"), ("双方", "the two sides"),
    ("合作园区", "the cooperation parks"), ("东莞制造业企业", "Dongguan manufacturers"),
    ("当地农牧民", "local herders"),
    ("赤峰市", "Chifeng"), ("乌兰察布市", "Ulanqab"), ("佛山企业", "Foshan companies"), ("前海合作区", "Qianhai"),
    ("蒙粤两省区", "Inner Mongolia and Guangdong"), ("招商部门", "the investment promotion offices"),
]
ADVERBS = [
    ("积极", "actively"), ("持续", "steadily"), ("进一步", "further"), ("加快", "rapidly"), ("稳步", "gradually"),
    ("全面", "comprehensively"), ("深入", "thoroughly"), ("不断", "continually"), ("大力", "vigorously"),
    ("主动", "proactively"),
]
VERBS = [
    ("推进", "advanced"), ("拓展", "expanded"), ("建设", "built"), ("完善", "improved"), ("深化", "deepened"),
    ("对接", "linked up"), ("引进", "brought in"), ("培育", "fostered"), ("打造", "developed"), ("落实", "carried out"),
    ("探索", "explored"), ("承接", "took over"), ("发展", "grew"), ("优化", "streamlined"), ("布局", "planned"),
]
OBJECTS = [
    ("新能源基地", "new-energy bases"), ("绿色电力外送通道", "green power transmission lines"),
    ("算力枢纽节点", "the national computing hub"), ("农畜产品供应链", "farm and livestock supply chains"),
    ("跨区域产业链", "cross-regional industrial chains"), ("招商引资项目", "investment projects"),
    ("营商环境", "the business environment"), ("人才交流机制", "talent exchanges"),
    ("数据中心集群", "data-centre clusters"), ("口岸物流体系", "port logistics"), ("乳业加工集群", "dairy processing"),
    ("稀土新材料产业", "rare-earth materials"), ("文旅合作线路", "joint tourism routes"),
    ("中欧班列", "China–Europe freight trains"),
    ("飞地园区", "enclave parks"), ("绿氢项目", "green hydrogen projects"),
    ("风光储一体化项目", "wind, solar and storage projects"),
    ("草种业", "grass seed breeding"), ("防沙治沙工程", "desert control works"),
    ("跨境电商", "cross-border e-commerce"),
    ("科技成果转化", "the commercialisation of research"), ("职业教育合作", "vocational training partnerships"),
    ("冷链物流", "cold-chain logistics"), ("装备制造", "equipment manufacturing"), ("数字经济", "the digital economy"),
    ("生态产品价值实现机制", "payment for ecosystem services"), ("对口协作", "paired assistance"),
]
CONNECTORS = [
    ("同时", "At the same time"), ("此外", "In addition"), ("与此同时", "Meanwhile"),
    ("据统计", "According to the statistics"),
    ("报道指出", "The report notes that"), ("在此基础上", "On this basis"), ("从长远看", "In the long run"),
    ("另一方面", "On the other hand"), ("记者了解到", "Reporters learned that"), ("截至目前", "So far"),
]
TAILS = [
    ("为高质量发展注入新动能", "bringing fresh momentum to high-quality growth"),
    ("形成优势互补的合作格局", "so that the strengths of the two regions complement each other"),
    ("带动当地就业和增收", "creating local jobs and raising incomes"),
    ("提升区域竞争力", "making the region more competitive"),
    ("实现互利共赢", "to the benefit of both sides"), ("推动产业转型升级", "helping industry to upgrade"),
    ("服务国家重大战略", "in service of national strategy"),
    ("筑牢北方生态安全屏障", "strengthening the northern ecological shield"),
    ("拓展向北开放空间", "opening new routes to the north"),
    ("助力全国统一大市场建设", "helping to build a unified national market"),
]
AMOUNTS = [
    ("总投资约{n}亿元", "with a total investment of about {e} billion yuan"),
    ("签约项目{k}个", "with {k} projects signed"), ("新增装机{n}万千瓦", "adding {m} MW of capacity"),
    ("带动就业{k}人", "employing {k} people"), ("同比增长{p}%", "up {p}% year on year"),
    ("外送绿电{n}亿千瓦时", "sending out {e} billion kWh of green power"),
]
SURNAMES = [("王", "Wang"), ("李", "Li"), ("张", "Zhang"), ("刘", "Liu"), ("陈", "Chen"), ("杨", "Yang"),
            ("黄", "Huang"),
            ("赵", "Zhao"), ("吴", "Wu"), ("周", "Zhou"), ("徐", "Xu"), ("孙", "Sun"), ("马", "Ma"), ("朱", "Zhu"),
            ("胡", "Hu"), ("郭", "Guo"), ("何", "He"), ("高", "Gao"), ("林", "Lin"), ("罗", "Luo")]
GIVEN = [("建国", "jianguo"), ("丽华", "lihua"), ("志强", "zhiqiang"), ("海东", "haidong"), ("晓明", "xiaoming"),
         ("芳敏", "fangmin"), ("立宗", "lizong"), ("宝剑", "baojian"), ("斯扬", "siyang"), ("勇锋", "yongfeng"),
         ("利文", "liwen"), ("望", "wang"), ("颖", "ying"), ("振东", "zhendong"), ("凯", "kai"), ("仙", "xian"),
         ("秀英", "xiuying"), ("文博", "wenbo"), ("春生", "chunsheng"), ("雪茹", "xueru")]
ROLES = [("official", "自治区发展和改革委员会主任", "Director of the Regional Development and Reform Commission"),
         ("official", "广东省商务厅副厅长", "Deputy Director of the Guangdong Department of Commerce"),
         ("official", "盟市委书记", "Party Secretary of a league-level city"),
         ("expert", "暨南大学教授", "Professor at Jinan University"),
         ("expert", "内蒙古大学经济管理学院院长",
          "Dean of the School of Economics and Management, Inner Mongolia University"),
         ("expert", "中山大学研究员", "Research fellow at Sun Yat-sen University"),
         ("deputy", "全国人大代表", "Deputy to the National People's Congress"),
         ("cppcc-member", "全国政协委员", "Member of the National Committee of the CPPCC"),
         ("business", "能源企业董事长", "Chairman of an energy company"),
         ("business", "乳业集团总经理", "General manager of a dairy group"),
         ("journalist", "内蒙古日报记者", "Reporter for Inner Mongolia Daily")]
TOPICS = [("energy", "能源", "Energy"), ("computing", "算力与数字经济", "Computing and the digital economy"),
          ("investment", "招商引资", "Investment"), ("opening-up", "开放与口岸", "Opening-up and ports"),
          ("agriculture", "农牧业", "Agriculture and livestock"), ("ecology", "生态", "Ecology"),
          ("industry", "产业合作", "Industrial cooperation"), ("talent", "人才与教育", "Talent and education"),
          ("innovation", "科技创新", "Innovation"), ("culture-tourism", "文化旅游", "Culture and tourism"),
          ("business-environment", "营商环境", "Business environment"),
          ("regional-coordination", "区域协调", "Regional coordination")]
OUTLETS = [("inner-mongolia-daily", "内蒙古日报", "Inner Mongolia Daily", "newspaper"),
           ("nanfang-daily", "南方日报", "Nanfang Daily", "newspaper"),
           ("xinhua", "新华社", "Xinhua News Agency", "news-agency"),
           ("peoples-daily", "人民日报", "People's Daily", "newspaper"),
           ("shijian", "《实践》", "Shijian (Practice) magazine", "magazine"),
           ("zhengzhi", "政知新媒体", "Zhengzhi New Media", "new-media")]


class Prose:
    """Sentences, paragraphs and Markdown bodies in both languages from one seeded generator."""

    def __init__(self, rng: random.Random):
        self.rng = rng

    def pair(self, pool: list[tuple[str, str]]) -> tuple[str, str]:
        return self.rng.choice(pool)

    def amount(self) -> tuple[str, str]:
        zh, en = self.pair(AMOUNTS)
        n = self.rng.randint(2, 3000)
        values = {"n": n, "e": f"{n / 10:g}", "m": n * 10, "k": self.rng.randint(3, 400),
                  "p": f"{self.rng.randint(10, 400) / 10:g}"}
        return zh.format(**values), en.format(**values)

    def sentence(self) -> tuple[str, str]:
        """One sentence in both languages: [connector] subject adverb verb object, [amount], tail."""
        rng = self.rng
        (sz, se), (az, ae), (vz, ve), (oz, oe), (tz, te) = (
            self.pair(SUBJECTS), self.pair(ADVERBS), self.pair(VERBS), self.pair(OBJECTS), self.pair(TAILS))
        year = rng.randint(2016, 2026)
        zh, en = f"{year}年，{sz}{az}{vz}{oz}", f"In {year}, {se} {ae} {ve} {oe}"
        if rng.random() < 0.4:
            cz, ce = self.pair(CONNECTORS)
            zh, en = f"{cz}，{zh}", f"{ce}{'' if ce.endswith('that') else ','} {en[0].lower()}{en[1:]}"
        if rng.random() < 0.5:
            mz, me = self.amount()
            zh, en = f"{zh}，{mz}", f"{en}, {me}"
        if rng.random() < 0.15:
            zh, en = f"{zh}，**{self.pair(OBJECTS)[0]}**成为亮点", f"{en}, with *{self.pair(OBJECTS)[1]}* standing out"
        return f"{zh}，{tz}。", f"{en}, {te}."

    def sentences(self, count: int) -> tuple[list[str], list[str]]:
        pairs = [self.sentence() for _ in range(count)]
        return [zh for zh, _ in pairs], [en for _, en in pairs]

    def title(self) -> tuple[str, str]:
        (sz, se), (az, ae), (vz, ve), (oz, oe) = (self.pair(SUBJECTS), self.pair(ADVERBS), self.pair(VERBS),
                                                  self.pair(OBJECTS))
        return f"{sz}{az}{vz}{oz}", f"{se[0].upper()}{se[1:]} {ae} {ve} {oe}"

    def body(self, link_key: str, zh_chars: int = 600, en_words: int = 350) -> tuple[str, str]:
        """A Markdown body: paragraphs, a list, a blockquote, a heading sometimes, a link to another entry."""
        zh_blocks: list[str] = []
        en_blocks: list[str] = []
        zh_total = en_total = 0
        paragraph = 0
        # The list and the blockquote come early so that every body has them, however short.
        while paragraph < 4 or (zh_total < zh_chars and en_total < en_words):
            zh_sentences, en_sentences = self.sentences(self.rng.randint(2, 4))
            zh_text, en_text = "".join(zh_sentences), " ".join(en_sentences)
            if paragraph == 0:
                zh_text += f"详见[相关报道](entry:{link_key})。"
                en_text += f" See [the related report](entry:{link_key})."
            if paragraph == 1:
                # Editors hard-wrap some paragraphs: the Chinese line breaks must not turn into spaces.
                zh_text = _hard_wrap(zh_text, 60)
            if paragraph == 2:
                items = [self.sentence() for _ in range(self.rng.randint(3, 5))]
                zh_blocks.append("\n".join(f"- {zh}" for zh, _ in items))
                en_blocks.append("\n".join(f"- {en}" for _, en in items))
            if paragraph == 3:
                quote = self.sentence()
                zh_blocks.append(f"> {quote[0]}")
                en_blocks.append(f"> {quote[1]}")
            if paragraph == 4 and self.rng.random() < 0.5:
                heading = self.title()
                zh_blocks.append(f"## {heading[0]}")
                en_blocks.append(f"## {heading[1]}")
            zh_blocks.append(zh_text)
            en_blocks.append(en_text)
            zh_total = sum(len(_HAN.findall(block)) for block in zh_blocks)
            en_total = sum(len(block.split()) for block in en_blocks)
            paragraph += 1
        return "\n\n".join(zh_blocks) + "\n", "\n\n".join(en_blocks) + "\n"


def _hard_wrap(text: str, width: int) -> str:
    """Break a Chinese paragraph into lines of about `width` characters, between two Han characters."""
    lines, start = [], 0
    while len(text) - start > width:
        cut = start + width
        while cut < len(text) - 1 and not (_HAN.match(text[cut - 1]) and _HAN.match(text[cut])):
            cut += 1
        if cut >= len(text) - 1:
            break
        lines.append(text[start:cut])
        start = cut
    lines.append(text[start:])
    return "\n".join(lines)
