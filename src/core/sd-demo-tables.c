/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "sd-demo"

#include "sd-demo-tables.h"

/* The hundred most common surnames, weighted by their rough share of the population. */
const SdDemoSurname _sd_demo_surnames[] = {
  { "王", "wang", 712 }, { "李", "li", 700 }, { "张", "zhang", 674 }, { "刘", "liu", 510 },
  { "陈", "chen", 461 }, { "杨", "yang", 322 }, { "黄", "huang", 245 }, { "赵", "zhao", 229 },
  { "吴", "wu", 205 }, { "周", "zhou", 199 }, { "徐", "xu", 152 }, { "孙", "sun", 151 },
  { "马", "ma", 136 }, { "朱", "zhu", 135 }, { "胡", "hu", 132 }, { "郭", "guo", 118 },
  { "何", "he", 115 }, { "林", "lin", 103 }, { "高", "gao", 103 }, { "罗", "luo", 102 },
  { "郑", "zheng", 95 }, { "梁", "liang", 90 }, { "谢", "xie", 79 }, { "宋", "song", 75 },
  { "唐", "tang", 73 }, { "许", "xu", 66 }, { "韩", "han", 65 }, { "邓", "deng", 64 },
  { "冯", "feng", 63 }, { "曹", "cao", 62 }, { "彭", "peng", 61 }, { "曾", "zeng", 59 },
  { "肖", "xiao", 57 }, { "田", "tian", 55 }, { "董", "dong", 53 }, { "潘", "pan", 51 },
  { "袁", "yuan", 51 }, { "蔡", "cai", 48 }, { "蒋", "jiang", 48 }, { "余", "yu", 47 },
  { "于", "yu", 47 }, { "杜", "du", 46 }, { "叶", "ye", 45 }, { "程", "cheng", 44 },
  { "魏", "wei", 43 }, { "苏", "su", 41 }, { "吕", "lv", 41 }, { "丁", "ding", 40 },
  { "任", "ren", 40 }, { "卢", "lu", 39 }, { "姚", "yao", 38 }, { "沈", "shen", 37 },
  { "钟", "zhong", 36 }, { "姜", "jiang", 35 }, { "崔", "cui", 35 }, { "谭", "tan", 34 },
  { "陆", "lu", 33 }, { "范", "fan", 32 }, { "汪", "wang", 31 }, { "廖", "liao", 31 },
  { "石", "shi", 30 }, { "金", "jin", 30 }, { "韦", "wei", 29 }, { "贾", "jia", 29 },
  { "夏", "xia", 28 }, { "付", "fu", 27 }, { "方", "fang", 27 }, { "邹", "zou", 26 },
  { "熊", "xiong", 26 }, { "白", "bai", 26 }, { "孟", "meng", 25 }, { "秦", "qin", 25 },
  { "邱", "qiu", 24 }, { "侯", "hou", 24 }, { "江", "jiang", 24 }, { "尹", "yin", 23 },
  { "薛", "xue", 23 }, { "闫", "yan", 22 }, { "段", "duan", 22 }, { "雷", "lei", 22 },
  { "龙", "long", 21 }, { "黎", "li", 21 }, { "史", "shi", 21 }, { "陶", "tao", 20 },
  { "贺", "he", 20 }, { "毛", "mao", 19 }, { "郝", "hao", 19 }, { "顾", "gu", 19 },
  { "龚", "gong", 18 }, { "邵", "shao", 18 }, { "万", "wan", 17 }, { "覃", "qin", 17 },
  { "武", "wu", 17 }, { "钱", "qian", 17 }, { "戴", "dai", 16 }, { "严", "yan", 16 },
  { "莫", "mo", 15 }, { "孔", "kong", 15 }, { "向", "xiang", 15 }, { "常", "chang", 14 },
  { "汤", "tang", 14 }, { "康", "kang", 14 }, { "易", "yi", 14 }, { "乔", "qiao", 13 },
  { "赖", "lai", 13 }, { "文", "wen", 13 },
};
const guint _sd_demo_n_surnames = G_N_ELEMENTS (_sd_demo_surnames);

/* Rare, but every shop has a few. */
const SdDemoSurname _sd_demo_double_surnames[] = {
  { "欧阳", "ouyang", 30 }, { "司马", "sima", 6 }, { "上官", "shangguan", 6 },
  { "诸葛", "zhuge", 5 }, { "东方", "dongfang", 4 }, { "皇甫", "huangfu", 4 },
  { "慕容", "murong", 3 }, { "司徒", "situ", 6 }, { "令狐", "linghu", 3 },
  { "夏侯", "xiahou", 3 }, { "尉迟", "yuchi", 2 }, { "公孙", "gongsun", 2 },
};
const guint _sd_demo_n_double_surnames = G_N_ELEMENTS (_sd_demo_double_surnames);

const SdDemoGivenChar _sd_demo_given_chars[] = {
  /* mostly men's */
  { "伟", "wei", SD_DEMO_MALE }, { "强", "qiang", SD_DEMO_MALE }, { "磊", "lei", SD_DEMO_MALE },
  { "军", "jun", SD_DEMO_MALE }, { "勇", "yong", SD_DEMO_MALE }, { "杰", "jie", SD_DEMO_MALE },
  { "涛", "tao", SD_DEMO_MALE }, { "斌", "bin", SD_DEMO_MALE }, { "超", "chao", SD_DEMO_MALE },
  { "刚", "gang", SD_DEMO_MALE }, { "辉", "hui", SD_DEMO_MALE }, { "鹏", "peng", SD_DEMO_MALE },
  { "飞", "fei", SD_DEMO_MALE }, { "鑫", "xin", SD_DEMO_MALE }, { "波", "bo", SD_DEMO_MALE },
  { "浩", "hao", SD_DEMO_MALE }, { "凯", "kai", SD_DEMO_MALE }, { "健", "jian", SD_DEMO_MALE },
  { "俊", "jun", SD_DEMO_MALE }, { "帅", "shuai", SD_DEMO_MALE }, { "旭", "xu", SD_DEMO_MALE },
  { "龙", "long", SD_DEMO_MALE }, { "建", "jian", SD_DEMO_MALE }, { "国", "guo", SD_DEMO_MALE },
  { "志", "zhi", SD_DEMO_MALE }, { "博", "bo", SD_DEMO_MALE }, { "轩", "xuan", SD_DEMO_MALE },
  { "航", "hang", SD_DEMO_MALE }, { "泽", "ze", SD_DEMO_MALE }, { "毅", "yi", SD_DEMO_MALE },
  { "峰", "feng", SD_DEMO_MALE }, { "成", "cheng", SD_DEMO_MALE }, { "亮", "liang", SD_DEMO_MALE },
  { "兵", "bing", SD_DEMO_MALE }, { "德", "de", SD_DEMO_MALE }, { "振", "zhen", SD_DEMO_MALE },
  { "昊", "hao", SD_DEMO_MALE }, { "豪", "hao", SD_DEMO_MALE }, { "鸿", "hong", SD_DEMO_MALE },
  { "宏", "hong", SD_DEMO_MALE }, { "武", "wu", SD_DEMO_MALE }, { "江", "jiang", SD_DEMO_MALE },
  { "东", "dong", SD_DEMO_MALE }, { "明", "ming", SD_DEMO_MALE }, { "平", "ping", SD_DEMO_MALE },
  { "铭", "ming", SD_DEMO_MALE }, { "睿", "rui", SD_DEMO_MALE }, { "诚", "cheng", SD_DEMO_MALE },
  { "林", "lin", SD_DEMO_MALE }, { "宇", "yu", SD_DEMO_MALE }, { "阳", "yang", SD_DEMO_MALE },
  /* mostly women's */
  { "芳", "fang", SD_DEMO_FEMALE }, { "娜", "na", SD_DEMO_FEMALE }, { "敏", "min", SD_DEMO_FEMALE },
  { "静", "jing", SD_DEMO_FEMALE }, { "丽", "li", SD_DEMO_FEMALE }, { "艳", "yan", SD_DEMO_FEMALE },
  { "娟", "juan", SD_DEMO_FEMALE }, { "霞", "xia", SD_DEMO_FEMALE }, { "秀", "xiu", SD_DEMO_FEMALE },
  { "英", "ying", SD_DEMO_FEMALE }, { "玲", "ling", SD_DEMO_FEMALE }, { "婷", "ting", SD_DEMO_FEMALE },
  { "雪", "xue", SD_DEMO_FEMALE }, { "慧", "hui", SD_DEMO_FEMALE }, { "颖", "ying", SD_DEMO_FEMALE },
  { "琳", "lin", SD_DEMO_FEMALE }, { "倩", "qian", SD_DEMO_FEMALE }, { "晶", "jing", SD_DEMO_FEMALE },
  { "洁", "jie", SD_DEMO_FEMALE }, { "莉", "li", SD_DEMO_FEMALE }, { "萍", "ping", SD_DEMO_FEMALE },
  { "红", "hong", SD_DEMO_FEMALE }, { "燕", "yan", SD_DEMO_FEMALE }, { "怡", "yi", SD_DEMO_FEMALE },
  { "梦", "meng", SD_DEMO_FEMALE }, { "涵", "han", SD_DEMO_FEMALE }, { "琪", "qi", SD_DEMO_FEMALE },
  { "璐", "lu", SD_DEMO_FEMALE }, { "瑶", "yao", SD_DEMO_FEMALE }, { "诗", "shi", SD_DEMO_FEMALE },
  { "悦", "yue", SD_DEMO_FEMALE }, { "彤", "tong", SD_DEMO_FEMALE }, { "萱", "xuan", SD_DEMO_FEMALE },
  { "妍", "yan", SD_DEMO_FEMALE }, { "蕾", "lei", SD_DEMO_FEMALE }, { "薇", "wei", SD_DEMO_FEMALE },
  { "菲", "fei", SD_DEMO_FEMALE }, { "媛", "yuan", SD_DEMO_FEMALE }, { "露", "lu", SD_DEMO_FEMALE },
  { "美", "mei", SD_DEMO_FEMALE }, { "兰", "lan", SD_DEMO_FEMALE }, { "凤", "feng", SD_DEMO_FEMALE },
  { "梅", "mei", SD_DEMO_FEMALE }, { "桂", "gui", SD_DEMO_FEMALE }, { "珍", "zhen", SD_DEMO_FEMALE },
  { "丹", "dan", SD_DEMO_FEMALE }, { "楠", "nan", SD_DEMO_FEMALE }, { "馨", "xin", SD_DEMO_FEMALE },
  { "琴", "qin", SD_DEMO_FEMALE }, { "雅", "ya", SD_DEMO_FEMALE }, { "婉", "wan", SD_DEMO_FEMALE },
  { "淑", "shu", SD_DEMO_FEMALE }, { "月", "yue", SD_DEMO_FEMALE }, { "蓉", "rong", SD_DEMO_FEMALE },
  /* either */
  { "晓", "xiao", SD_DEMO_NEUTRAL }, { "文", "wen", SD_DEMO_NEUTRAL }, { "云", "yun", SD_DEMO_NEUTRAL },
  { "春", "chun", SD_DEMO_NEUTRAL }, { "海", "hai", SD_DEMO_NEUTRAL }, { "天", "tian", SD_DEMO_NEUTRAL },
  { "子", "zi", SD_DEMO_NEUTRAL }, { "一", "yi", SD_DEMO_NEUTRAL }, { "佳", "jia", SD_DEMO_NEUTRAL },
  { "嘉", "jia", SD_DEMO_NEUTRAL }, { "欣", "xin", SD_DEMO_NEUTRAL }, { "雨", "yu", SD_DEMO_NEUTRAL },
  { "晨", "chen", SD_DEMO_NEUTRAL }, { "思", "si", SD_DEMO_NEUTRAL }, { "安", "an", SD_DEMO_NEUTRAL },
  { "乐", "le", SD_DEMO_NEUTRAL }, { "心", "xin", SD_DEMO_NEUTRAL }, { "宁", "ning", SD_DEMO_NEUTRAL },
  { "新", "xin", SD_DEMO_NEUTRAL }, { "玉", "yu", SD_DEMO_NEUTRAL }, { "金", "jin", SD_DEMO_NEUTRAL },
  { "梓", "zi", SD_DEMO_NEUTRAL }, { "诺", "nuo", SD_DEMO_NEUTRAL }, { "亦", "yi", SD_DEMO_NEUTRAL },
  { "清", "qing", SD_DEMO_NEUTRAL }, { "家", "jia", SD_DEMO_NEUTRAL }, { "永", "yong", SD_DEMO_NEUTRAL },
  { "瑞", "rui", SD_DEMO_NEUTRAL }, { "秋", "qiu", SD_DEMO_NEUTRAL }, { "华", "hua", SD_DEMO_NEUTRAL },
};
const guint _sd_demo_n_given_chars = G_N_ELEMENTS (_sd_demo_given_chars);

const char * const _sd_demo_english_names[] = {
  "lily", "lucy", "amy", "anna", "emma", "grace", "helen", "jenny", "kelly", "linda",
  "nancy", "sophia", "tina", "vivian", "cherry", "coco", "sunny", "candy", "wendy", "judy",
  "tony", "jack", "kevin", "david", "eric", "jason", "leo", "max", "mike", "peter",
  "sam", "tom", "vincent", "alex", "andy", "ben", "chris", "frank", "jerry", "ken",
  "momo", "doudou", "xiaoyu", "nini", "lulu", "echo", "ivy", "zoe", "ella", "mia",
};
const guint _sd_demo_n_english_names = G_N_ELEMENTS (_sd_demo_english_names);

const char * const _sd_demo_nick_adjectives[] = {
  "快乐的", "安静的", "可爱的", "温柔的", "勇敢的", "懒懒的", "甜甜的", "开心的", "淡定的",
  "孤独的", "微笑的", "傻傻的", "胖胖的", "迷糊的", "执着的", "简单的", "幸福的", "奔跑的",
  "会飞的", "爱笑的", "认真的", "想睡觉的", "不吃香菜的", "爱喝茶的",
};
const guint _sd_demo_n_nick_adjectives = G_N_ELEMENTS (_sd_demo_nick_adjectives);

const char * const _sd_demo_nick_nouns[] = {
  "星星", "月亮", "猫咪", "小熊", "兔子", "小鱼", "大叔", "小姐姐", "少年", "蜗牛", "企鹅",
  "云朵", "向日葵", "薄荷", "柠檬", "橘子", "西瓜", "咸鱼", "土豆", "饭团", "茶叶蛋", "小仙女",
  "老王", "阿姨", "茶客", "南风", "北极熊", "海豚", "小太阳", "布丁",
};
const guint _sd_demo_n_nick_nouns = G_N_ELEMENTS (_sd_demo_nick_nouns);

const char * const _sd_demo_nick_animals[] = {
  "猫", "狗", "兔", "熊", "猪", "鹿", "羊", "鸭", "虎", "喵",
};
const guint _sd_demo_n_nick_animals = G_N_ELEMENTS (_sd_demo_nick_animals);

const char * const _sd_demo_nick_foods[] = {
  "鱼", "胡萝卜", "草莓", "蛋糕", "火锅", "西瓜", "冰淇淋", "辣条", "奶茶", "饺子",
  "包子", "苹果", "芒果", "小龙虾", "烤肉", "月饼",
};
const guint _sd_demo_n_nick_foods = G_N_ELEMENTS (_sd_demo_nick_foods);

const char * const _sd_demo_mobile_prefixes[] = {
  "130", "131", "132", "133", "134", "135", "136", "137", "138", "139",
  "145", "147", "150", "151", "152", "153", "155", "156", "157", "158", "159",
  "166", "170", "171", "172", "173", "174", "175", "176", "177", "178",
  "180", "181", "182", "183", "184", "185", "186", "187", "188", "189",
  "191", "198", "199",
};
const guint _sd_demo_n_mobile_prefixes = G_N_ELEMENTS (_sd_demo_mobile_prefixes);

/* Roughly population times online shopping. */
const SdDemoProvinceWeight _sd_demo_province_weights[] = {
  { "广东", 1200 }, { "浙江", 850 }, { "江苏", 850 }, { "山东", 650 }, { "上海", 500 },
  { "北京", 450 }, { "河南", 500 }, { "四川", 450 }, { "福建", 400 }, { "湖北", 380 },
  { "湖南", 350 }, { "河北", 350 }, { "安徽", 300 }, { "辽宁", 250 }, { "江西", 220 },
  { "陕西", 220 }, { "广西", 200 }, { "重庆", 200 }, { "天津", 150 }, { "云南", 180 },
  { "山西", 150 }, { "黑龙江", 140 }, { "吉林", 100 }, { "贵州", 120 }, { "内蒙古", 80 },
  { "新疆", 70 }, { "甘肃", 70 }, { "海南", 60 }, { "宁夏", 30 }, { "青海", 20 },
  { "西藏", 10 }, { "香港", 8 }, { "澳门", 2 }, { "台湾", 3 },
};
const guint _sd_demo_n_province_weights = G_N_ELEMENTS (_sd_demo_province_weights);

const char * const _sd_demo_road_names[] = {
  "人民", "解放", "中山", "建设", "文化", "新华", "和平", "胜利", "光明", "长江", "黄河",
  "东风", "朝阳", "青年", "学院", "文三", "天目山", "延安", "南京", "北京", "人民东",
  "工业", "科技", "花园", "府前", "迎宾", "环城", "滨江", "湖滨", "金沙", "凤凰", "幸福",
  "振兴", "团结", "民主", "复兴", "长安", "世纪", "商业", "体育",
};
const guint _sd_demo_n_road_names = G_N_ELEMENTS (_sd_demo_road_names);

const char * const _sd_demo_road_kinds[] = {
  "路", "路", "路", "街", "大道", "东路", "西路", "南路", "北路", "中路",
};
const guint _sd_demo_n_road_kinds = G_N_ELEMENTS (_sd_demo_road_kinds);

const char * const _sd_demo_estate_names[] = {
  "阳光", "幸福", "金色", "碧桂园", "万科", "绿城", "锦绣", "翠苑", "世纪", "华府",
  "御景", "滨江", "香樟", "紫荆", "丽景", "名都", "新城", "恒大", "保利", "中海",
  "融创", "龙湖", "书香", "水岸", "桂花",
};
const guint _sd_demo_n_estate_names = G_N_ELEMENTS (_sd_demo_estate_names);

const char * const _sd_demo_estate_kinds[] = {
  "小区", "花园", "家园", "公寓", "苑", "城", "华庭", "雅苑", "新村", "佳园",
};
const guint _sd_demo_n_estate_kinds = G_N_ELEMENTS (_sd_demo_estate_kinds);

const char * const _sd_demo_office_names[] = {
  "国际大厦", "商务中心", "创业大厦", "科技园", "金融中心", "万达广场", "财富中心", "软件园",
};
const guint _sd_demo_n_office_names = G_N_ELEMENTS (_sd_demo_office_names);

const char * const _sd_demo_village_names[] = {
  "李家", "王庄", "张村", "石桥", "河口", "新塘", "东湖", "大坪", "柳林", "黄土坡",
  "杨柳", "高家", "前进", "红星",
};
const guint _sd_demo_n_village_names = G_N_ELEMENTS (_sd_demo_village_names);

/* A tea shop: tea, tisanes, teaware and gift boxes. */
const SdDemoProduct _sd_demo_products[] = {
  { "西湖龙井 2024新茶 明前特级 礼盒装 250g", 59800, 20 },
  { "龙井茶 雨前一级 浓香型 罐装 200g", 16800, 60 },
  { "安吉白茶 明前精品 125g", 23800, 35 },
  { "洞庭山碧螺春 特级 250g", 32800, 22 },
  { "黄山毛峰 特级 袋装 100g", 8800, 45 },
  { "信阳毛尖 明前 嫩芽 250g", 13800, 40 },
  { "六安瓜片 一级 200g", 15800, 25 },
  { "太平猴魁 手工捏尖 100g", 36800, 12 },
  { "竹叶青 峨眉高山绿茶 120g", 29900, 15 },
  { "蒙顶甘露 100g", 10800, 18 },
  { "恩施玉露 蒸青绿茶 100g", 12800, 15 },
  { "安溪铁观音 清香型 500g", 12800, 55 },
  { "铁观音 浓香型 碳焙 250g", 9800, 35 },
  { "武夷岩茶 大红袍 250g", 25800, 30 },
  { "武夷肉桂 岩茶 礼盒 250g", 39800, 14 },
  { "正山小种 红茶 桐木关 250g", 9800, 50 },
  { "金骏眉 特级 礼盒装 250g", 46800, 16 },
  { "祁门红茶 一级 200g", 7800, 40 },
  { "滇红 金芽 古树红茶 250g", 11800, 30 },
  { "英德红茶 英红九号 150g", 6800, 20 },
  { "凤凰单丛 鸭屎香 250g", 13800, 30 },
  { "台湾冻顶乌龙 高山茶 150g", 18800, 14 },
  { "普洱熟茶 七子饼 357g", 8900, 55 },
  { "普洱生茶 冰岛古树 357g", 129900, 4 },
  { "老班章 古树生普 357g", 89900, 5 },
  { "小青柑 新会陈皮普洱 20颗装", 4990, 70 },
  { "新会陈皮 十年 250g", 15800, 20 },
  { "福鼎白茶 白毫银针 100g", 32800, 14 },
  { "白牡丹 2019年 饼茶 300g", 16800, 22 },
  { "寿眉 老白茶 饼 350g", 9800, 35 },
  { "茉莉花茶 飘雪 250g", 5800, 60 },
  { "茉莉龙珠 特级 100g", 6800, 30 },
  { "安化黑茶 金花茯砖 1kg", 19800, 15 },
  { "广西六堡茶 窖藏 500g", 16800, 12 },
  { "胎菊 桐乡菊花茶 50g", 1990, 90 },
  { "柠檬片 冻干 100g", 1290, 80 },
  { "大麦茶 袋泡 300g", 990, 100 },
  { "玫瑰花茶 平阴重瓣 50g", 1590, 70 },
  { "荷叶茶 冬瓜荷叶 150g", 1680, 55 },
  { "苦荞茶 黑苦荞 500g", 1390, 60 },
  { "红枣枸杞茶 独立包装 30包", 2280, 65 },
  { "桂圆红枣茶 养生茶 20包", 2580, 50 },
  { "蜂蜜柚子茶 1kg", 2990, 45 },
  { "试饮装 名茶组合 10泡", 990, 85 },
  { "双层玻璃茶杯 带茶隔 350ml", 2990, 50 },
  { "宜兴紫砂壶 西施壶 原矿朱泥", 29800, 10 },
  { "白瓷盖碗 三才碗", 3990, 35 },
  { "功夫茶具套装 家用 整套", 16800, 18 },
  { "玻璃公道杯 加厚", 2580, 40 },
  { "实木茶盘 乌金石 排水", 25900, 8 },
  { "旅行茶具 便携 一壶四杯", 6990, 25 },
  { "建盏 兔毫 主人杯", 19900, 10 },
  { "茶道六君子 黑檀木", 1990, 30 },
  { "电陶炉 静音 煮茶器", 25900, 9 },
  { "茶叶罐 锡罐 密封 大号", 8900, 15 },
  { "茶宠 金蟾 紫砂", 1880, 30 },
  { "茶水分离 保温杯 500ml", 7900, 35 },
  { "中秋茶叶礼盒 龙井+红茶 双拼", 39900, 12 },
  { "年货礼盒 六大茶类 品鉴装", 69900, 6 },
  { "企业定制 茶叶伴手礼 10盒", 99900, 2 },
};
const guint _sd_demo_n_products = G_N_ELEMENTS (_sd_demo_products);

const char * const _sd_demo_opt_out_reasons[] = {
  "回复TD退订",
  "客户要求不再发送短信",
  "投诉短信骚扰",
  "电话回访时要求退订",
  "回复T退订",
};
const guint _sd_demo_n_opt_out_reasons = G_N_ELEMENTS (_sd_demo_opt_out_reasons);
