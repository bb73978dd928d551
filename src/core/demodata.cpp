#include "demodata.h"

#include "idnumber.h"

#include <array>
#include <span>

namespace lanxin {
namespace {

struct Weighted
{
    const char16_t *text;
    int weight; ///< hundredths of a percent of the population
};

// Approximate shares of the most common surnames (Ministry of Public Security household register
// reports, 2019–2020), in hundredths of a percent. Together ≈ 85 %.
constexpr std::array kTopSurnames{
    Weighted{u"王", 712}, Weighted{u"李", 700}, Weighted{u"张", 674}, Weighted{u"刘", 538},
    Weighted{u"陈", 453}, Weighted{u"杨", 308}, Weighted{u"赵", 229}, Weighted{u"黄", 223},
    Weighted{u"周", 212}, Weighted{u"吴", 205}, Weighted{u"徐", 167}, Weighted{u"孙", 154},
    Weighted{u"胡", 131}, Weighted{u"朱", 126}, Weighted{u"高", 121}, Weighted{u"林", 118},
    Weighted{u"何", 117}, Weighted{u"郭", 115}, Weighted{u"马", 105}, Weighted{u"罗", 86},
    Weighted{u"梁", 84},  Weighted{u"宋", 81},  Weighted{u"郑", 78},  Weighted{u"谢", 72},
    Weighted{u"韩", 68},  Weighted{u"唐", 65},  Weighted{u"冯", 64},  Weighted{u"于", 62},
    Weighted{u"董", 61},  Weighted{u"肖", 60},  Weighted{u"程", 59},  Weighted{u"曹", 58},
    Weighted{u"袁", 55},  Weighted{u"邓", 54},  Weighted{u"许", 54},  Weighted{u"傅", 50},
    Weighted{u"沈", 50},  Weighted{u"曾", 49},  Weighted{u"彭", 48},  Weighted{u"吕", 47},
    Weighted{u"苏", 46},  Weighted{u"卢", 46},  Weighted{u"蒋", 46},  Weighted{u"蔡", 44},
    Weighted{u"贾", 43},  Weighted{u"丁", 42},  Weighted{u"魏", 41},  Weighted{u"薛", 40},
    Weighted{u"叶", 39},  Weighted{u"闫", 38},  Weighted{u"余", 38},  Weighted{u"潘", 37},
    Weighted{u"杜", 36},  Weighted{u"戴", 35},  Weighted{u"夏", 35},  Weighted{u"钟", 35},
    Weighted{u"汪", 34},  Weighted{u"田", 34},  Weighted{u"任", 33},  Weighted{u"姜", 33},
    Weighted{u"范", 32},  Weighted{u"方", 32},  Weighted{u"石", 31},  Weighted{u"姚", 30},
    Weighted{u"谭", 30},  Weighted{u"廖", 29},  Weighted{u"邹", 29},  Weighted{u"熊", 28},
    Weighted{u"金", 27},  Weighted{u"陆", 27},  Weighted{u"郝", 26},  Weighted{u"孔", 26},
    Weighted{u"白", 26},  Weighted{u"崔", 25},  Weighted{u"康", 25},  Weighted{u"毛", 24},
    Weighted{u"邱", 24},  Weighted{u"秦", 24},  Weighted{u"江", 23},  Weighted{u"史", 23},
    Weighted{u"顾", 22},  Weighted{u"侯", 22},  Weighted{u"邵", 22},  Weighted{u"孟", 21},
    Weighted{u"龙", 21},  Weighted{u"万", 21},  Weighted{u"段", 20},  Weighted{u"雷", 20},
    Weighted{u"钱", 20},  Weighted{u"汤", 19},  Weighted{u"尹", 19},  Weighted{u"黎", 18},
    Weighted{u"易", 18},  Weighted{u"常", 18},  Weighted{u"武", 17},  Weighted{u"乔", 17},
    Weighted{u"贺", 17},  Weighted{u"赖", 16},  Weighted{u"龚", 16},  Weighted{u"文", 15},
    // Polyphonic surnames at their small real shares: 单 Shàn, 解 Xiè, 仇 Qiú, 区 Ōu, 查 Zhā.
    Weighted{u"单", 5},   Weighted{u"解", 3},   Weighted{u"仇", 2},   Weighted{u"区", 1},
    Weighted{u"查", 3},
    // Compound surnames.
    Weighted{u"欧阳", 5}, Weighted{u"司马", 1}, Weighted{u"诸葛", 1}, Weighted{u"上官", 1},
};

// The long tail (ranks ≈ 100–250): one character each, one weight per tier. Local ones such as
// 邬, 应, 竺 and 俞 are common around 奉化.
struct Tier
{
    const char16_t *surnames;
    int weight;
};
constexpr std::array kTailSurnames{
    Tier{u"樊兰殷施陶洪翟安颜倪严牛温芦季俞章鲁葛伍韦申尤毕聂焦向柳邢路", 12},
    Tier{u"岳齐梅莫庄辛管祝左涂谷祁时舒耿牟卜詹关苗凌费纪靳盛童欧项曲成", 9},
    Tier{u"游阳裴席卫屈鲍覃霍翁甘景包司柏宁柯阮桂闵强柴华车冉房边吉饶戚丘古米池滕晋苑邬臧褚娄符奚穆党燕郎"
         u"冀谈姬屠连栾郁商蒙喻窦迟冷卓艾蓝巩井仲乐虞卞竺应",
         6},
};

int totalSurnameWeight()
{
    int total = 0;
    for (const auto &s : kTopSurnames)
        total += s.weight;
    for (const auto &t : kTailSurnames)
        total += int(QStringView(t.surnames).size()) * t.weight;
    return total;
}

// Given names by generation: 0 born before 1960, 1 in 1960–79, 2 in 1980–94, 3 from 1995.
constexpr std::array<const char16_t *, 4> kWomensNames{
    u"秀英 桂英 玉兰 秀兰 凤英 桂兰 秀珍 玉英 凤兰 桂珍 素珍 玉珍 兰英 美英 金凤 翠英 彩英 月英 秀芳 玉梅 冬梅 "
    u"菊英 桂芳 素英 爱英 雪英 英 兰 珍 芬",
    u"丽 红 艳 芳 燕 霞 娟 敏 静 玲 萍 琴 慧 丽华 红梅 海燕 丽娟 美华 彩凤 雪芬 丽萍 卫红 春燕 亚芬 美芬 素芬 "
    u"彩芬 建芬 巧玲 红霞 秀芬 海英 美娟",
    u"丽娜 婷婷 晓燕 丹 洁 倩 莉 雪 琳 佳 芳芳 娜 丽丽 晓丽 颖 蕾 静静 晓静 露 洁琼 燕萍 晶晶 丹丹 倩倩 晓红 "
    u"燕 敏 艳",
    u"婷 欣怡 雨 梓涵 佳 悦 诗涵 雨涵 子涵 可馨 思琪 雨欣 佳怡 梦瑶 紫涵 梓萱 一诺 欣妍 若汐 语桐 雨萱 佳琪 "
    u"诗琪 欣然 婷婷",
};
constexpr std::array<const char16_t *, 4> kMensNames{
    u"建国 国强 德明 根生 金财 志强 明华 国平 福根 德华 永康 建华 荣华 长根 忠 林 信",
    u"伟 强 军 勇 建华 海波 建军 卫东 国平 建平 志刚 海军 立新 永明 斌 波 杰 海峰",
    u"磊 鹏 超 杰 涛 浩 俊 晨 亮 鑫 斌 海峰 俊杰 晓东 宁 辉",
    u"浩 杰 宇 浩然 子轩 宇航 俊杰 梓豪 一鸣 博文 睿 皓轩 宇辰 昊",
};

int generation(int birthYear)
{
    if (birthYear < 1960)
        return 0;
    if (birthYear < 1980)
        return 1;
    if (birthYear < 1995)
        return 2;
    return 3;
}

QString pick(QRandomGenerator &rng, const QStringList &list)
{
    return list.at(rng.bounded(int(list.size())));
}

QString givenName(QRandomGenerator &rng, const std::array<const char16_t *, 4> &names, int birthYear)
{
    int g = generation(birthYear);
    // Names cross the generation lines: one in five comes from a neighbouring generation.
    if (rng.bounded(5) == 0)
        g = g == 0 ? 1 : g == 3 ? 2 : g + (rng.bounded(2) ? 1 : -1);
    const QStringList list = QString::fromUtf16(names[g]).split(u' ', Qt::SkipEmptyParts);
    return pick(rng, list);
}

QStringList split(const char16_t *text)
{
    return QString::fromUtf16(text).split(u'|', Qt::SkipEmptyParts);
}

} // namespace

QString randomSurname(QRandomGenerator &rng)
{
    static const int total = totalSurnameWeight();
    int r = rng.bounded(total);
    for (const auto &s : kTopSurnames) {
        if (r < s.weight)
            return QString::fromUtf16(s.text);
        r -= s.weight;
    }
    for (const auto &t : kTailSurnames) {
        const QStringView chars(t.surnames);
        const int tierWeight = int(chars.size()) * t.weight;
        if (r < tierWeight)
            return chars.at(r / t.weight);
        r -= tierWeight;
    }
    Q_UNREACHABLE();
    return QStringLiteral("王");
}

QString randomWomansName(QRandomGenerator &rng, int birthYear)
{
    return randomSurname(rng) + givenName(rng, kWomensNames, birthYear);
}

QString randomManName(QRandomGenerator &rng, int birthYear)
{
    return randomSurname(rng) + givenName(rng, kMensNames, birthYear);
}

QString randomIdNumber(QRandomGenerator &rng, const QString &regionCode, QDate birth, QChar gender)
{
    if (regionCode.size() != 6 || !birth.isValid() || birth.year() < 1900 || birth.year() > 9999
        || (gender != u'F' && gender != u'M'))
        return {};
    for (QChar c : regionCode) {
        if (c < u'0' || c > u'9')
            return {};
    }
    QString id = regionCode + birth.toString(QStringLiteral("yyyyMMdd"));
    id += QChar(u'0' + rng.bounded(10));
    id += QChar(u'0' + rng.bounded(10));
    const int genderDigit = 2 * rng.bounded(5) + (gender == u'M' ? 1 : 0); // odd = male
    id += QChar(u'0' + genderDigit);
    id += idNumberCheckChar(id);
    return id;
}

QString randomPhone(QRandomGenerator &rng)
{
    // Prefixes of the three mobile operators, the common ones several times.
    static const QStringList prefixes = QStringLiteral(
        "130 131 132 133 134 135 136 137 138 139 135 136 137 138 139 150 151 152 153 155 156 157 158 159 "
        "158 159 180 181 182 183 184 185 186 187 188 189 187 188 173 175 176 177 178 191 193 195 198 199")
                                            .split(u' ', Qt::SkipEmptyParts);
    QString phone = pick(rng, prefixes);
    for (int i = 0; i < 8; ++i)
        phone += QChar(u'0' + rng.bounded(10));
    return phone;
}

QString randomAddress(QRandomGenerator &rng, const QString &village)
{
    return QStringLiteral("%1%2组%3号").arg(village).arg(1 + rng.bounded(12)).arg(1 + rng.bounded(150));
}

DemoStation demoStation()
{
    return {QStringLiteral("FH-XW-012"), QStringLiteral("西坞街道白杜村妇女之家"), QStringLiteral("西坞街道"),
            QStringLiteral("330213"),
            split(u"白杜村|西坞村|金溪村|方门村|邬隘村|蒋家村|尚桥村|东岙村")};
}

QList<DemoTraining> demoTrainings()
{
    const auto t = [](const char16_t *title, const char *category) {
        return DemoTraining{QString::fromUtf16(title), QString::fromLatin1(category)};
    };
    return {
        t(u"茶叶种植实用技术", "practical_skills"),
        t(u"水蜜桃栽培管理培训", "practical_skills"),
        t(u"花卉苗木养护技术", "practical_skills"),
        t(u"芋艿头种植技术培训", "practical_skills"),
        t(u"育婴员职业技能培训", "vocational"),
        t(u"家政服务员培训", "vocational"),
        t(u"养老护理员职业技能培训", "vocational"),
        t(u"中式面点（千层饼）制作培训", "vocational"),
        t(u"农村电商创业培训", "entrepreneurship"),
        t(u"巾帼创业沙龙", "entrepreneurship"),
        t(u"农家乐经营管理培训", "entrepreneurship"),
        t(u"电商直播带货培训", "digital_skills"),
        t(u"智能手机使用与防范电信诈骗", "digital_skills"),
        t(u"短视频拍摄剪辑入门", "digital_skills"),
        t(u"家庭教育讲座", "family_education"),
        t(u"家风家教宣讲", "family_education"),
        t(u"亲子阅读指导", "family_education"),
        t(u"反家暴法宣传", "legal_awareness"),
        t(u"民法典婚姻家庭编解读", "legal_awareness"),
        t(u"妇女权益保障法宣讲", "legal_awareness"),
        t(u"两癌防治知识讲座", "health"),
        t(u"更年期健康讲座", "health"),
        t(u"慢性病防治与合理膳食", "health"),
        t(u"心理健康讲座", "mental_health"),
        t(u"情绪管理与压力疏解", "mental_health"),
        t(u"防汛应急避险演练", "safety"),
        t(u"防台风应急演练", "safety"),
        t(u"消防安全知识培训", "safety"),
    };
}

QStringList demoTrainers()
{
    return split(u"陈静（区妇幼保健院）|邬海燕（区农业技术推广中心）|蒋建平（区农业农村局）|林晓燕（区电子商务协会）|"
                 u"张雪芬（区家庭教育指导中心）|周佳（区妇联）|王敏（区法律援助中心）|毛丽娟（区心理咨询师协会）|"
                 u"俞国平（区应急管理局）|徐红梅（区职业技能培训中心）|应海波（西坞街道社区卫生服务中心）");
}

QStringList demoLocations()
{
    return split(u"村文化礼堂|妇女之家活动室|村委会会议室|村老年活动中心|西坞街道社区学校|区妇女儿童活动中心");
}

QList<DemoFacility> demoFacilities()
{
    const auto f = [](const char *code, const char16_t *name, const char16_t *town, const char *type) {
        return DemoFacility{QString::fromLatin1(code), QString::fromUtf16(name), QString::fromUtf16(town),
                            QString::fromLatin1(type)};
    };
    return {
        f("F-FH-01", u"区妇幼保健院", u"锦屏街道", "hospital"),
        f("F-FH-02", u"区人民医院", u"锦屏街道", "hospital"),
        f("F-FH-03", u"西坞街道社区卫生服务中心", u"西坞街道", "health_centre"),
        f("F-FH-04", u"岳林街道社区卫生服务中心", u"岳林街道", "health_centre"),
        f("F-FH-05", u"江口街道社区卫生服务中心", u"江口街道", "health_centre"),
        f("F-FH-06", u"溪口镇卫生院", u"溪口镇", "health_centre"),
    };
}

QStringList demoVisitNotes(QStringView purpose)
{
    if (purpose == u"left_behind_care")
        return split(u"丈夫在外务工，本人照料老人和孩子，生活基本正常|了解近况，情绪稳定|"
                     u"孩子放学接送有困难，已联系巾帼志愿者|提醒参加本月实用技术培训");
    if (purpose == u"dv_follow_up")
        return split(u"回访，近期未再发生家庭暴力，已再次告知求助渠道|双方情绪平稳，约定下周再次回访|"
                     u"已告知可申请人身安全保护令，本人表示暂不需要|已联系村调委会共同跟进");
    if (purpose == u"dispute_mediation")
        return split(u"婆媳矛盾，已分别谈心，双方同意各退一步|夫妻因子女教育意见不合，调解后关系缓和|"
                     u"涉及宅基地的家庭纠纷，已转村调委会");
    if (purpose == u"elderly_care")
        return split(u"独居，身体尚可，已检查家中用电安全|行动不便，已联系家庭医生上门|子女每周探望，生活能自理");
    if (purpose == u"hardship_support")
        return split(u"已协助申请临时救助|介绍参加来料加工，增加收入|送去慰问品，了解医疗费用负担");
    if (purpose == u"family_education")
        return split(u"孩子沉迷手机，与家长交流亲子沟通方法|推荐参加家庭教育讲座");
    if (purpose == u"mental_support")
        return split(u"近期睡眠不好，情绪低落，建议到社区卫生服务中心心理门诊|倾听诉说，情绪较上次好转");
    if (purpose == u"disability_support")
        return split(u"已协助办理残疾人两项补贴|辅具使用正常，新的需求已记录");
    return split(u"了解近况，情绪稳定|家中一切正常，无特殊需求|宣传两癌筛查政策|提醒按时缴纳城乡居民医保");
}

} // namespace lanxin
