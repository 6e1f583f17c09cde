/* SPDX-License-Identifier: GPL-3.0-or-later */
#include <string.h>

#include "sd-address.h"

typedef struct
{
  const char *input;
  const char *province;
  const char *city;
  const char *district;
  const char *street;
  const char *postcode;
} Case;

static void
check_cases (const Case *cases,
             guint       n_cases)
{
  for (guint i = 0; i < n_cases; i++)
    {
      g_autoptr(SdAddress) address = sd_address_split (cases[i].input);

      g_test_message ("%s", cases[i].input);
      g_assert_nonnull (address);
      g_assert_cmpstr (address->province, ==, cases[i].province);
      g_assert_cmpstr (address->city, ==, cases[i].city);
      g_assert_cmpstr (address->district, ==, cases[i].district);
      g_assert_cmpstr (address->street, ==, cases[i].street);
      g_assert_cmpstr (address->postcode, ==, cases[i].postcode);
    }
}

static void
test_taobao_form (void)
{
  static const Case cases[] = {
    { "浙江省 杭州市 西湖区 文三路100号(310012)", "浙江省", "杭州市", "西湖区", "文三路100号", "310012" },
    { "浙江省 杭州市 西湖区 西溪街道 文三路100号 (310012)", "浙江省", "杭州市", "西湖区", "西溪街道 文三路100号", "310012" },
    /* 科技园 is not a district of 深圳: it stays in the street */
    { "广东省 深圳市 南山区 科技园科苑路15号（518057）", "广东省", "深圳市", "南山区", "科技园科苑路15号", "518057" },
    { "  江苏省　南京市　鼓楼区　中山路1号  ", "江苏省", "南京市", "鼓楼区", "中山路1号", "" },
  };

  check_cases (cases, G_N_ELEMENTS (cases));
}

static void
test_without_spaces (void)
{
  static const Case cases[] = {
    { "浙江省杭州市西湖区文三路100号", "浙江省", "杭州市", "西湖区", "文三路100号", "" },
    { "广西壮族自治区南宁市青秀区民族大道88号", "广西壮族自治区", "南宁市", "青秀区", "民族大道88号", "" },
    { "四川省成都市武侯区人民南路四段1号", "四川省", "成都市", "武侯区", "人民南路四段1号", "" },
    { "浙江杭州西湖区文三路100号", "浙江省", "杭州市", "西湖区", "文三路100号", "" },
    { "广东东莞市虎门镇连升路1号", "广东省", "东莞市", "虎门镇", "连升路1号", "" },
  };

  check_cases (cases, G_N_ELEMENTS (cases));
}

static void
test_short_names (void)
{
  static const Case cases[] = {
    { "浙江 杭州 西湖区 文三路100号", "浙江省", "杭州市", "西湖区", "文三路100号", "" },
    { "广西 南宁 青秀区 民族大道88号", "广西壮族自治区", "南宁市", "青秀区", "民族大道88号", "" },
    { "广西 南宁", "广西壮族自治区", "南宁市", "", "", "" },
    { "内蒙古 呼和浩特 新城区 新华大街1号", "内蒙古自治区", "呼和浩特市", "新城区", "新华大街1号", "" },
    { "宁夏 银川 兴庆区 解放西街2号", "宁夏回族自治区", "银川市", "兴庆区", "解放西街2号", "" },
    { "黑龙江 哈尔滨 南岗区 西大直街92号", "黑龙江省", "哈尔滨市", "南岗区", "西大直街92号", "" },
    { "广西省南宁市青秀区民族大道88号", "广西壮族自治区", "南宁市", "青秀区", "民族大道88号", "" },
    { "浙江 杭州 西湖 文三路100号", "浙江省", "杭州市", "西湖区", "文三路100号", "" },
  };

  check_cases (cases, G_N_ELEMENTS (cases));
}

static void
test_municipalities (void)
{
  static const Case cases[] = {
    { "北京 北京市 朝阳区 建国路88号", "北京市", "北京市", "朝阳区", "建国路88号", "" },
    { "北京市朝阳区建国路88号", "北京市", "北京市", "朝阳区", "建国路88号", "" },
    { "北京市 市辖区 朝阳区 建国路88号", "北京市", "北京市", "朝阳区", "建国路88号", "" },
    { "上海 上海市 浦东新区 世纪大道100号(200120)", "上海市", "上海市", "浦东新区", "世纪大道100号", "200120" },
    { "上海市南京东路100号", "上海市", "", "", "南京东路100号", "" },
    { "天津 天津市 和平区 南京路1号", "天津市", "天津市", "和平区", "南京路1号", "" },
    { "重庆市忠县忠州街道1号", "重庆市", "重庆市", "忠县", "忠州街道1号", "" },
    { "重庆 重庆市 渝中区 解放碑1号", "重庆市", "重庆市", "渝中区", "解放碑1号", "" },
  };

  check_cases (cases, G_N_ELEMENTS (cases));
}

static void
test_autonomous_areas (void)
{
  static const Case cases[] = {
    { "新疆维吾尔自治区 乌鲁木齐市 天山区 解放南路1号", "新疆维吾尔自治区", "乌鲁木齐市", "天山区", "解放南路1号", "" },
    { "新疆 伊犁 伊宁市 解放路1号", "新疆维吾尔自治区", "伊犁哈萨克自治州", "伊宁市", "解放路1号", "" },
    { "吉林 延边州 延吉市 光明街1号", "吉林省", "延边朝鲜族自治州", "延吉市", "光明街1号", "" },
    { "湖北 恩施土家族苗族自治州 恩施市 舞阳大街1号", "湖北省", "恩施土家族苗族自治州", "恩施市", "舞阳大街1号", "" },
    { "西藏 拉萨 城关区 北京中路1号", "西藏自治区", "拉萨市", "城关区", "北京中路1号", "" },
    { "湖北省 仙桃市 沙嘴街道 1号", "湖北省", "仙桃市", "", "沙嘴街道 1号", "" },
    { "湖北省 仙桃市 仙桃市 沙嘴街道 1号", "湖北省", "仙桃市", "", "沙嘴街道 1号", "" },
    { "河南省 省直辖县级行政区划 济源市 1号", "河南省", "济源市", "", "1号", "" },
  };

  check_cases (cases, G_N_ELEMENTS (cases));
}

static void
test_special_regions (void)
{
  static const Case cases[] = {
    { "香港特别行政区 九龙 油尖旺区 弥敦道100号", "香港特别行政区", "九龙", "油尖旺区", "弥敦道100号", "" },
    { "香港 新界 沙田区 沙田正街1号", "香港特别行政区", "新界", "沙田区", "沙田正街1号", "" },
    { "澳门 澳门半岛 大堂区 新马路1号", "澳门特别行政区", "澳门半岛", "大堂区", "新马路1号", "" },
    { "台湾省 台北市 大安区 忠孝东路1号", "台湾省", "台北市", "大安区", "忠孝东路1号", "" },
    { "台湾 台中市 西屯区 台湾大道1号", "台湾省", "台中市", "西屯区", "台湾大道1号", "" },
  };

  check_cases (cases, G_N_ELEMENTS (cases));
}

static void
test_postcodes (void)
{
  static const Case cases[] = {
    { "浙江省 杭州市 西湖区 文三路100号 310012", "浙江省", "杭州市", "西湖区", "文三路100号", "310012" },
    { "浙江省杭州市西湖区文三路100号310012", "浙江省", "杭州市", "西湖区", "文三路100号", "310012" },
    { "浙江省杭州市西湖区文三路100号，邮编：310012", "浙江省", "杭州市", "西湖区", "文三路100号", "310012" },
    { "浙江省杭州市西湖区文三路100号(邮编:310012)", "浙江省", "杭州市", "西湖区", "文三路100号", "310012" },
    /* Taobao's "no postcode" */
    { "浙江省 杭州市 西湖区 文三路100号(000000)", "浙江省", "杭州市", "西湖区", "文三路100号", "" },
    /* not postcodes */
    { "浙江省 杭州市 西湖区 文三路100号", "浙江省", "杭州市", "西湖区", "文三路100号", "" },
    { "浙江省 杭州市 西湖区 电话13812345678", "浙江省", "杭州市", "西湖区", "电话13812345678", "" },
    { "浙江省 杭州市 西湖区 文三路100号(菜鸟驿站)", "浙江省", "杭州市", "西湖区", "文三路100号(菜鸟驿站)", "" },
    { "310012", "", "", "", "310012", "" },
  };

  check_cases (cases, G_N_ELEMENTS (cases));
}

static void
test_partial (void)
{
  static const Case cases[] = {
    { "火星 奥林匹斯山 1号", "", "", "", "火星 奥林匹斯山 1号", "" },
    { "浙江路100号", "", "", "", "浙江路100号", "" },
    { "北京大学 燕园1号", "", "", "", "北京大学 燕园1号", "" },
    { "浙江省 某某镇 1号", "浙江省", "", "", "某某镇 1号", "" },
    { "浙江省 杭州市 某某路1号", "浙江省", "杭州市", "", "某某路1号", "" },
    /* a city without its province: the full city name is unique in the country */
    { "杭州市西湖区文三路100号", "浙江省", "杭州市", "西湖区", "文三路100号", "" },
    /* a district without its city, unique in the province */
    { "广东省南山区科苑路15号", "广东省", "深圳市", "南山区", "科苑路15号", "" },
    { "", "", "", "", "", "" },
    { "   ", "", "", "", "", "" },
  };

  check_cases (cases, G_N_ELEMENTS (cases));
}

static void
test_canonical_province (void)
{
  g_assert_cmpstr (sd_address_canonical_province ("浙江"), ==, "浙江省");
  g_assert_cmpstr (sd_address_canonical_province ("浙江省"), ==, "浙江省");
  g_assert_cmpstr (sd_address_canonical_province ("广西"), ==, "广西壮族自治区");
  g_assert_cmpstr (sd_address_canonical_province ("新疆"), ==, "新疆维吾尔自治区");
  g_assert_cmpstr (sd_address_canonical_province ("内蒙古"), ==, "内蒙古自治区");
  g_assert_cmpstr (sd_address_canonical_province ("北京"), ==, "北京市");
  g_assert_cmpstr (sd_address_canonical_province ("香港"), ==, "香港特别行政区");
  g_assert_cmpstr (sd_address_canonical_province ("台湾"), ==, "台湾省");
  g_assert_cmpstr (sd_address_canonical_province (" 上海 "), ==, "上海市");
  g_assert_null (sd_address_canonical_province ("杭州"));
  g_assert_null (sd_address_canonical_province ("浙江省杭州市"));
  g_assert_null (sd_address_canonical_province (""));
  g_assert_null (sd_address_canonical_province (NULL));

  g_assert_true (sd_address_is_province ("广东"));
  g_assert_true (sd_address_is_province ("宁夏回族自治区"));
  g_assert_false (sd_address_is_province ("深圳"));
  g_assert_false (sd_address_is_province ("火星"));
}

static void
test_division_data (void)
{
  guint n_provinces = sd_address_get_n_provinces ();
  guint n_cities = 0;
  guint n_districts = 0;

  g_assert_cmpuint (n_provinces, ==, 34);
  g_assert_cmpstr (sd_address_get_province (0), ==, "北京市");
  g_assert_cmpstr (sd_address_get_province (n_provinces - 1), ==, "台湾省");
  g_assert_cmpuint (sd_address_get_n_cities (0), ==, 1);
  g_assert_cmpstr (sd_address_get_city (0, 0), ==, "北京市");
  g_assert_cmpuint (sd_address_get_n_districts (0, 0), ==, 16);

  for (guint p = 0; p < n_provinces; p++)
    {
      const char *province = sd_address_get_province (p);

      g_assert_cmpstr (sd_address_canonical_province (province), ==, province);
      g_assert_cmpuint (sd_address_get_n_cities (p), >, 0);
      for (guint c = 0; c < sd_address_get_n_cities (p); c++)
        {
          const char *city = sd_address_get_city (p, c);

          g_assert_cmpstr (city, !=, "");
          g_assert_cmpstr (city, !=, "市辖区");
          g_assert_cmpstr (city, !=, "省直辖县级行政区划");
          n_cities++;
          for (guint d = 0; d < sd_address_get_n_districts (p, c); d++)
            {
              const char *district = sd_address_get_district (p, c, d);
              g_autofree char *line = g_strdup_printf ("%s %s %s 人民路1号", province, city, district);
              g_autoptr(SdAddress) address = sd_address_split (line);

              /* Every district of the data splits back into itself. */
              g_assert_cmpstr (address->province, ==, province);
              g_assert_cmpstr (address->city, ==, city);
              g_assert_cmpstr (address->district, ==, district);
              g_assert_cmpstr (address->street, ==, "人民路1号");
              n_districts++;
            }
        }
    }
  g_assert_cmpuint (n_cities, >, 350);
  g_assert_cmpuint (n_districts, >, 3000);
}

static void
test_division_data_joined (void)
{
  guint n = 0;
  guint exact = 0;

  /* Without spaces a few names run into each other; nearly all must still split. */
  for (guint p = 0; p < sd_address_get_n_provinces (); p++)
    for (guint c = 0; c < sd_address_get_n_cities (p); c++)
      for (guint d = 0; d < sd_address_get_n_districts (p, c); d++)
        {
          g_autofree char *line = g_strdup_printf ("%s%s%s人民路1号", sd_address_get_province (p),
                                                   sd_address_get_city (p, c),
                                                   sd_address_get_district (p, c, d));
          g_autoptr(SdAddress) address = sd_address_split (line);

          n++;
          if (strcmp (address->province, sd_address_get_province (p)) == 0 &&
              strcmp (address->city, sd_address_get_city (p, c)) == 0 &&
              strcmp (address->district, sd_address_get_district (p, c, d)) == 0 &&
              strcmp (address->street, "人民路1号") == 0)
            exact++;
          else
            g_test_message ("joined: %s → %s|%s|%s|%s", line, address->province, address->city,
                            address->district, address->street);
        }
  g_assert_cmpuint (exact * 1000, >=, n * 995);
}

static void
test_speed (void)
{
  static const char * const lines[] = {
    "浙江省 杭州市 西湖区 文三路100号(310012)",
    "广东省深圳市南山区科苑路15号",
    "北京 北京市 朝阳区 建国路88号SOHO现代城",
    "广西 南宁 青秀区 民族大道88号 530022",
    "火星 奥林匹斯山 1号",
  };
  guint n = 200000;
  gint64 start;
  double us;

  (void) sd_address_get_n_provinces ();
  start = g_get_monotonic_time ();
  for (guint i = 0; i < n; i++)
    sd_address_free (sd_address_split (lines[i % G_N_ELEMENTS (lines)]));
  us = (double) (g_get_monotonic_time () - start) / n;
  g_test_message ("%.3f us per address", us);
  /* About 1 µs in an optimised build; generous for sanitizer builds and busy machines. */
  g_assert_cmpfloat (us, <, 100.0);
}

static gpointer
split_in_thread (gpointer data)
{
  g_autoptr(SdAddress) address = sd_address_split ("浙江 杭州 西湖区 文三路100号");

  return GINT_TO_POINTER (strcmp (address->province, "浙江省") == 0);
}

static void
test_threads (void)
{
  GThread *threads[4];

  /* The first use loads the data: it must be safe from several threads at once. This is
   * its own test program run, so the data is not loaded yet when run alone. */
  for (guint i = 0; i < G_N_ELEMENTS (threads); i++)
    threads[i] = g_thread_new ("split", split_in_thread, NULL);
  for (guint i = 0; i < G_N_ELEMENTS (threads); i++)
    g_assert_true (GPOINTER_TO_INT (g_thread_join (threads[i])));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/core/address/threads", test_threads);
  g_test_add_func ("/core/address/taobao-form", test_taobao_form);
  g_test_add_func ("/core/address/without-spaces", test_without_spaces);
  g_test_add_func ("/core/address/short-names", test_short_names);
  g_test_add_func ("/core/address/municipalities", test_municipalities);
  g_test_add_func ("/core/address/autonomous-areas", test_autonomous_areas);
  g_test_add_func ("/core/address/special-regions", test_special_regions);
  g_test_add_func ("/core/address/postcodes", test_postcodes);
  g_test_add_func ("/core/address/partial", test_partial);
  g_test_add_func ("/core/address/canonical-province", test_canonical_province);
  g_test_add_func ("/core/address/division-data", test_division_data);
  g_test_add_func ("/core/address/division-data-joined", test_division_data_joined);
  g_test_add_func ("/core/address/speed", test_speed);

  return g_test_run ();
}
