/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "shopdesk-sim"

#include "sd-sim-data.h"

static const SdSimProduct products[] = {
  { "手机支架桌面懒人支架", 990 },
  { "加厚抽纸家用整箱", 1990 },
  { "护手霜礼盒装保湿", 2900 },
  { "316不锈钢保温杯大容量", 3990 },
  { "纯棉短袖T恤男夏季宽松", 4900 },
  { "儿童益智积木玩具", 5900 },
  { "家用厨房收纳置物架", 6800 },
  { "新疆特产和田大红枣", 7990 },
  { "女士帆布单肩包", 8900 },
  { "成猫全价猫粮10斤装", 9900 },
  { "瑜伽垫加厚防滑", 11900 },
  { "男士商务休闲衬衫", 12900 },
  { "明前龙井绿茶250g", 14800 },
  { "透气运动跑步鞋", 19900 },
  { "无线蓝牙耳机降噪", 23900 },
  { "真丝印花连衣裙", 29900 },
  { "声波电动牙刷充电式", 32900 },
  { "空气炸锅家用大容量", 39900 },
  { "机械键盘青轴游戏", 45900 },
  { "羊毛围巾女冬季", 52800 },
  { "羽绒服女中长款加厚", 69900 },
  { "智能手表运动心率监测", 89900 },
  { "扫地机器人全自动", 129900 },
  { "家用高清投影仪", 169900 },
  { "高速负离子吹风机", 219900 },
  { "全画幅微单相机镜头", 299900 },
};

static const SdSimRegion regions[] = {
  { "浙江省", "杭州市", "西湖区", "西溪街道", "310012", "ZJ" },
  { "浙江省", "宁波市", "鄞州区", "首南街道", "315100", "ZJ" },
  { "广东省", "深圳市", "南山区", "粤海街道", "518057", "GD" },
  { "广东省", "广州市", "天河区", "石牌街道", "510630", "GD" },
  { "北京", "北京市", "朝阳区", "望京街道", "100102", "BJ" },
  { "上海", "上海市", "浦东新区", "陆家嘴街道", "200120", "SH" },
  { "江苏省", "南京市", "鼓楼区", "宁海路街道", "210024", "JS" },
  { "江苏省", "苏州市", "姑苏区", "平江街道", "215005", "JS" },
  { "四川省", "成都市", "武侯区", "玉林街道", "610041", "SC" },
  { "湖北省", "武汉市", "洪山区", "珞南街道", "430070", "HB" },
  { "山东省", "济南市", "历下区", "泉城路街道", "250011", "SD" },
  { "福建省", "厦门市", "思明区", "鹭江街道", "361001", "FJ" },
  { "河南省", "郑州市", "金水区", "文化路街道", "450003", "HA" },
  { "湖南省", "长沙市", "岳麓区", "橘子洲街道", "410006", "HN" },
  { "陕西省", "西安市", "雁塔区", "小寨路街道", "710061", "SN" },
  { "重庆", "重庆市", "渝北区", "龙溪街道", "401147", "CQ" },
  { "天津", "天津市", "南开区", "学府街道", "300071", "TJ" },
  { "安徽省", "合肥市", "蜀山区", "三里庵街道", "230031", "AH" },
  { "云南省", "昆明市", "五华区", "华山街道", "650032", "YN" },
  { "辽宁省", "沈阳市", "和平区", "南湖街道", "110001", "LN" },
};

static const SdSimName surnames[] = {
  { "王", "wang" }, { "李", "li" },    { "张", "zhang" }, { "刘", "liu" },  { "陈", "chen" },
  { "杨", "yang" }, { "黄", "huang" }, { "赵", "zhao" },  { "吴", "wu" },   { "周", "zhou" },
  { "徐", "xu" },   { "孙", "sun" },   { "马", "ma" },    { "朱", "zhu" },  { "胡", "hu" },
  { "郭", "guo" },  { "何", "he" },    { "林", "lin" },   { "罗", "luo" },  { "高", "gao" },
};

static const SdSimName given_names[] = {
  { "伟", "wei" },       { "芳", "fang" },       { "娜", "na" },         { "敏", "min" },
  { "静", "jing" },      { "丽", "li" },         { "强", "qiang" },      { "磊", "lei" },
  { "洋", "yang" },      { "艳", "yan" },        { "勇", "yong" },       { "军", "jun" },
  { "杰", "jie" },       { "娟", "juan" },       { "涛", "tao" },        { "明", "ming" },
  { "超", "chao" },      { "秀英", "xiuying" },  { "晓燕", "xiaoyan" },  { "建华", "jianhua" },
  { "子涵", "zihan" },   { "浩然", "haoran" },   { "欣怡", "xinyi" },    { "宇轩", "yuxuan" },
};

static const char * const nick_words[] = {
  "爱吃鱼的猫", "小小鱼儿", "阳光男孩", "晴天娃娃", "星星点灯", "风吹麦浪", "木子李", "一只小熊",
  "蓝色天空", "柠檬不酸", "海边的风", "半夏微凉",
};

const SdSimProduct *
sd_sim_product (guint index)
{
  g_assert (index < G_N_ELEMENTS (products));
  return &products[index];
}

guint
sd_sim_n_products (void)
{
  return G_N_ELEMENTS (products);
}

const SdSimRegion *
sd_sim_region (guint index)
{
  g_assert (index < G_N_ELEMENTS (regions));
  return &regions[index];
}

guint
sd_sim_n_regions (void)
{
  return G_N_ELEMENTS (regions);
}

const SdSimName *
sd_sim_surname (guint index)
{
  g_assert (index < G_N_ELEMENTS (surnames));
  return &surnames[index];
}

guint
sd_sim_n_surnames (void)
{
  return G_N_ELEMENTS (surnames);
}

const SdSimName *
sd_sim_given_name (guint index)
{
  g_assert (index < G_N_ELEMENTS (given_names));
  return &given_names[index];
}

guint
sd_sim_n_given_names (void)
{
  return G_N_ELEMENTS (given_names);
}

const char *
sd_sim_nick_word (guint index)
{
  g_assert (index < G_N_ELEMENTS (nick_words));
  return nick_words[index];
}

guint
sd_sim_n_nick_words (void)
{
  return G_N_ELEMENTS (nick_words);
}
