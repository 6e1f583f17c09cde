/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "bench-search-index"

#include <glib/gstdio.h>
#include <stdio.h>
#include <sys/resource.h>
#include <stdlib.h>
#include <string.h>

#include "sd-db-private.h"
#include "sd-schema-private.h"
#include "sd-search-index-private.h"

/*
 * bench-search-index [N_CUSTOMERS] [DB_PATH]
 *
 * Fills a new shop with N synthetic customers (default 100000), times a full rebuild of the
 * search index and its peak memory, then times lookups of each kind a user types.
 */

#define N_QUERIES 300

static const char * const surnames[] = {
  "王", "李", "张", "刘", "陈", "杨", "黄", "赵", "吴", "周", "徐", "孙", "马", "朱", "胡", "郭",
  "何", "高", "林", "罗", "郑", "梁", "谢", "宋", "唐", "许", "韩", "冯", "邓", "曹", "彭", "曾",
  "肖", "田", "董", "袁", "潘", "于", "蒋", "蔡", "余", "杜", "叶", "程", "苏", "魏", "吕", "丁",
  "任", "沈", "姚", "卢", "姜", "崔", "钟", "谭", "陆", "汪", "范", "金", "石", "廖", "贾", "夏",
  "韦", "付", "方", "白", "邹", "孟", "熊", "秦", "邱", "江", "尹", "薛", "闫", "段", "雷", "侯",
  "欧阳", "司马", "上官",
};
static const char * const surname_pinyin[] = {
  "wang", "li", "zhang", "liu", "chen", "yang", "huang", "zhao", "wu", "zhou", "xu", "sun", "ma",
  "zhu", "hu", "guo", "he", "gao", "lin", "luo", "zheng", "liang", "xie", "song", "tang", "xu",
  "han", "feng", "deng", "cao", "peng", "zeng", "xiao", "tian", "dong", "yuan", "pan", "yu",
  "jiang", "cai", "yu", "du", "ye", "cheng", "su", "wei", "lv", "ding", "ren", "shen", "yao",
  "lu", "jiang", "cui", "zhong", "tan", "lu", "wang", "fan", "jin", "shi", "liao", "jia", "xia",
  "wei", "fu", "fang", "bai", "zou", "meng", "xiong", "qin", "qiu", "jiang", "yin", "xue", "yan",
  "duan", "lei", "hou", "ouyang", "sima", "shangguan",
};
static const char * const given[] = {
  "伟", "芳", "娜", "秀", "英", "敏", "静", "丽", "强", "磊", "军", "洋", "勇", "艳", "杰", "娟",
  "涛", "明", "超", "兰", "霞", "平", "刚", "桂", "文", "华", "红", "玉", "建", "国", "鹏", "辉",
  "斌", "宇", "浩", "凯", "健", "俊", "帆", "帅", "旭", "宁", "龙", "林", "欢", "阳", "佳", "琳",
  "雪", "梅", "晨", "婷", "倩", "颖", "慧", "博", "志", "思", "雨", "欣", "子", "涵", "晓", "晶",
  "萍", "燕", "鑫", "亮", "成", "飞", "云", "峰", "春", "海", "东", "波", "毅", "瑞", "琴", "丹",
  "立", "新", "永", "荣", "嘉", "怡", "悦", "彤", "诗", "梓", "轩", "睿", "泽", "昊", "然", "一",
};
static const char * const given_pinyin[] = {
  "wei", "fang", "na", "xiu", "ying", "min", "jing", "li", "qiang", "lei", "jun", "yang", "yong",
  "yan", "jie", "juan", "tao", "ming", "chao", "lan", "xia", "ping", "gang", "gui", "wen", "hua",
  "hong", "yu", "jian", "guo", "peng", "hui", "bin", "yu", "hao", "kai", "jian", "jun", "fan",
  "shuai", "xu", "ning", "long", "lin", "huan", "yang", "jia", "lin", "xue", "mei", "chen", "ting",
  "qian", "ying", "hui", "bo", "zhi", "si", "yu", "xin", "zi", "han", "xiao", "jing", "ping",
  "yan", "xin", "liang", "cheng", "fei", "yun", "feng", "chun", "hai", "dong", "bo", "yi", "rui",
  "qin", "dan", "li", "xin", "yong", "rong", "jia", "yi", "yue", "tong", "shi", "zi", "xuan",
  "rui", "ze", "hao", "ran", "yi",
};
static const char * const nick_words[] = {
  "小猫爱吃鱼", "快乐的小鱼", "阳光宝贝", "淘气包", "甜甜圈", "月亮船", "风中的蒲公英", "爱美丽",
  "小确幸", "柠檬不酸", "奶茶控", "追风少年", "向日葵", "开心果", "星星点灯", "草莓味",
};
static const char * const provinces[] = {
  "北京市", "天津市", "河北省", "山西省", "内蒙古自治区", "辽宁省", "吉林省", "黑龙江省", "上海市",
  "江苏省", "浙江省", "安徽省", "福建省", "江西省", "山东省", "河南省", "湖北省", "湖南省",
  "广东省", "广西壮族自治区", "海南省", "重庆市", "四川省", "贵州省", "云南省", "西藏自治区",
  "陕西省", "甘肃省", "青海省", "宁夏回族自治区", "新疆维吾尔自治区",
};
static const char * const city_roots[] = {
  "杭州", "宁波", "温州", "绍兴", "南京", "苏州", "无锡", "广州", "深圳", "东莞", "佛山", "成都",
  "绵阳", "武汉", "宜昌", "长沙", "岳阳", "郑州", "洛阳", "济南", "青岛", "烟台", "合肥", "芜湖",
  "福州", "厦门", "泉州", "南昌", "赣州", "石家庄", "保定", "太原", "大同", "沈阳", "大连", "长春",
  "哈尔滨", "西安", "咸阳", "兰州", "昆明", "大理", "贵阳", "遵义", "南宁", "桂林", "海口", "三亚",
  "银川", "西宁", "拉萨", "乌鲁木齐", "呼和浩特", "包头", "吉林", "齐齐哈尔", "唐山", "邯郸",
};
static const char * const districts[] = {
  "西湖区", "上城区", "拱墅区", "滨江区", "余杭区", "鼓楼区", "朝阳区", "海淀区", "天河区", "越秀区",
  "南山区", "福田区", "武侯区", "锦江区", "江岸区", "洪山区", "岳麓区", "芙蓉区", "金水区", "二七区",
  "历下区", "市南区", "包河区", "思明区", "湖里区", "新华区", "长安区", "桥西区", "开发区", "高新区",
  "城关区", "经济开发区", "新城区", "老城区", "东城区", "西城区", "南湖区", "北湖区", "中原区", "雁塔区",
};
/* Street names: a prefix, a root and a kind, so that even the commonest ("中山路") is
 * about 1% of addresses, as across the cities of a real shop. */
static const char * const street_prefixes[] = { "", "东", "西", "南", "北", "中", "新", "老" };
static const char * const street_roots[] = {
  "中山", "人民", "解放", "建设", "和平", "新华", "胜利", "长江", "黄河", "延安", "文三", "文二",
  "湖滨", "学院", "科技", "工业", "东风", "青年", "朝阳", "光明", "幸福", "友谊", "公园", "滨江",
  "世纪", "香樟", "梧桐", "古墩", "莫干山", "天目山", "教工", "学林", "丰潭", "紫荆花", "五一", "八一",
  "迎宾", "金沙", "银河", "凤凰",
};
static const char * const street_kinds[] = { "路", "路", "路", "街", "大道", "巷" };
static const char * const buildings[] = {
  "", "", "", "阳光小区", "幸福家园", "金色家园", "华府", "花园", "新村", "公寓", "大厦", "广场",
};
static const char * const notes[] = {
  "老客户，喜欢红色款", "要求发顺丰快递", "退货过两次，注意沟通", "大客户，逢年过节送小礼品",
  "只在晚上联系", "偏好大码", "收货地址经常变", "VIP 会员，享受九折", "对价格敏感，等活动再推",
  "曾投诉物流慢", "喜欢新品，上新通知", "生日在五月", "公司采购，需要开发票", "宝妈，关注童装",
};

typedef struct
{
  GRand *rand;
} Gen;

static guint
zipf_pick (Gen   *gen,
           guint  n)
{
  /* Roughly Zipfian: index i with weight 1 / (i + 2). */
  double total = 0, r;

  for (guint i = 0; i < n; i++)
    total += 1.0 / (i + 2);
  r = g_rand_double (gen->rand) * total;
  for (guint i = 0; i < n; i++)
    {
      r -= 1.0 / (i + 2);
      if (r <= 0)
        return i;
    }
  return n - 1;
}

static guint
pick (Gen   *gen,
      guint  n)
{
  return (guint) g_rand_int_range (gen->rand, 0, (gint32) n);
}

static gint64
now_us (void)
{
  return g_get_monotonic_time ();
}

/* CPU seconds of all threads: on a shared machine, steadier than the wall clock. */
static double
cpu_seconds (void)
{
  struct rusage usage;

  getrusage (RUSAGE_SELF, &usage);
  return usage.ru_utime.tv_sec + usage.ru_utime.tv_usec / 1e6 + usage.ru_stime.tv_sec + usage.ru_stime.tv_usec / 1e6;
}

static gint64
read_status_kb (const char *field)
{
  g_autofree char *status = NULL;
  const char *line;

  if (!g_file_get_contents ("/proc/self/status", &status, NULL, NULL))
    return -1;
  line = strstr (status, field);
  if (line == NULL)
    return -1;
  return g_ascii_strtoll (line + strlen (field) + 1, NULL, 10);
}

static void
fill (SdDb  *db,
      guint  n)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GHashTable) nicks = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  SdStmt *insert, *note;
  Gen gen = { g_rand_new_with_seed (20240601) };

  g_assert_true (sd_db_begin (db, &error));
  g_assert_true (_sd_db_exec (db, _sd_schema_drop_customer_indexes, &error));
  insert = _sd_db_prepare (db,
                           "INSERT INTO customers (id, nick, name, phone, province, city, district, address, "
                           "created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, 1700000000, 1700000000)",
                           &error);
  g_assert_no_error (error);
  note = _sd_db_prepare (db, "INSERT INTO customer_notes (customer_id, body, created_at) VALUES (?, ?, 1700000000)",
                         &error);
  g_assert_no_error (error);

  for (guint id = 1; id <= n; id++)
    {
      guint s = zipf_pick (&gen, G_N_ELEMENTS (surnames));
      guint g1 = zipf_pick (&gen, G_N_ELEMENTS (given));
      guint g2 = pick (&gen, G_N_ELEMENTS (given));
      gboolean two_given = g_rand_int_range (gen.rand, 0, 100) < 65;
      g_autofree char *name = g_strconcat (surnames[s], given[g1], two_given ? given[g2] : "", NULL);
      g_autofree char *nick = NULL;
      g_autofree char *phone = NULL;
      g_autofree char *address = NULL;
      g_autofree char *city = NULL;
      g_autofree char *street = NULL;
      guint style = pick (&gen, 100);
      guint p = pick (&gen, G_N_ELEMENTS (provinces));
      guint c = (p * 7 + zipf_pick (&gen, 6)) % G_N_ELEMENTS (city_roots);
      guint d = zipf_pick (&gen, G_N_ELEMENTS (districts));
      const char *b = buildings[pick (&gen, G_N_ELEMENTS (buildings))];

      if (style < 45)
        nick = g_strdup_printf ("%s%s%s%u", surname_pinyin[s], given_pinyin[g1],
                                two_given ? given_pinyin[g2] : "", 1960 + pick (&gen, 50));
      else if (style < 80)
        nick = g_strdup_printf ("tb%07u_%02u", pick (&gen, 10000000), pick (&gen, 100));
      else
        nick = g_strdup_printf ("%s%u", nick_words[pick (&gen, G_N_ELEMENTS (nick_words))], pick (&gen, 1000));
      while (g_hash_table_contains (nicks, nick))
        {
          char *longer = g_strdup_printf ("%s%u", nick, pick (&gen, 10));
          g_free (nick);
          nick = longer;
        }
      g_hash_table_add (nicks, g_strdup (nick));

      phone = g_strdup_printf ("+861%u%u%04u%04u", 3 + pick (&gen, 7), pick (&gen, 10),
                               pick (&gen, 10000), pick (&gen, 10000));
      city = g_strconcat (city_roots[c], "市", NULL);
      street = g_strconcat (street_prefixes[pick (&gen, G_N_ELEMENTS (street_prefixes))],
                            street_roots[zipf_pick (&gen, G_N_ELEMENTS (street_roots))],
                            street_kinds[pick (&gen, G_N_ELEMENTS (street_kinds))], NULL);
      if (*b != '\0')
        address = g_strdup_printf ("%s%u号%s%u幢%u室", street, 1 + pick (&gen, 500), b,
                                   1 + pick (&gen, 30), 101 + pick (&gen, 2000));
      else
        address = g_strdup_printf ("%s%u号", street, 1 + pick (&gen, 500));

      sd_stmt_bind_int64 (insert, 1, id);
      sd_stmt_bind_text (insert, 2, nick);
      sd_stmt_bind_text (insert, 3, name);
      sd_stmt_bind_text (insert, 4, phone);
      sd_stmt_bind_text (insert, 5, provinces[p]);
      sd_stmt_bind_text (insert, 6, city);
      sd_stmt_bind_text (insert, 7, districts[d]);
      sd_stmt_bind_text (insert, 8, address);
      g_assert_true (_sd_db_step_done (db, insert, &error));

      if (pick (&gen, 100) < 20)
        {
          sd_stmt_bind_int64 (note, 1, id);
          sd_stmt_bind_text (note, 2, notes[pick (&gen, G_N_ELEMENTS (notes))]);
          g_assert_true (_sd_db_step_done (db, note, &error));
        }
    }
  g_assert_true (_sd_db_exec (db, _sd_schema_customer_indexes, &error));
  g_assert_true (sd_db_commit (db, &error));
  g_rand_free (gen.rand);
}

typedef struct
{
  const char *kind;
  GPtrArray  *queries;
} QueryKind;

static char *
utf8_slice (const char *text,
            glong       start,
            glong       len)
{
  return g_utf8_substring (text, start, start + len);
}

/* Queries taken from real rows, so that each kind has answers of realistic size. */
static void
make_queries (SdDb      *db,
              guint      n,
              QueryKind *kinds)
{
  SdStmt *row = _sd_db_prepare (db, "SELECT name, nick, phone, city, district, address FROM customers WHERE id = ?",
                                      NULL);
  GRand *rand = g_rand_new_with_seed (7);

  for (guint k = 0; kinds[k].kind != NULL; k++)
    {
      while (kinds[k].queries->len < N_QUERIES)
        {
          const char *name, *nick, *phone, *city, *district, *address;
          char *q = NULL;

          sd_stmt_bind_int64 (row, 1, g_rand_int_range (rand, 1, (gint32) n + 1));
          g_assert_cmpint (sd_stmt_step (row), ==, SQLITE_ROW);
          name = sd_stmt_column_text (row, 0);
          nick = sd_stmt_column_text (row, 1);
          phone = sd_stmt_column_text (row, 2);
          city = sd_stmt_column_text (row, 3);
          district = sd_stmt_column_text (row, 4);
          address = sd_stmt_column_text (row, 5);

          switch (k)
            {
            case 0:
              q = utf8_slice (name, g_rand_int_range (rand, 0, (gint32) g_utf8_strlen (name, -1)), 1);
              break;
            case 1:
              q = utf8_slice (name, 0, 2);
              break;
            case 2:
              if (g_utf8_strlen (name, -1) >= 3)
                q = utf8_slice (name, 0, 3);
              break;
            case 3:
              q = g_strdup (phone + strlen (phone) - 4);
              break;
            case 4:
              q = g_strndup (phone + 6, 7);
              break;
            case 5:
              {
                glong len = g_utf8_strlen (nick, -1);
                glong want = 4 + g_rand_int_range (rand, 0, 3);
                glong take = MIN (len, want);
                g_autofree char *part = utf8_slice (nick, g_rand_int_range (rand, 0, (gint32) (len - take + 1)), take);
                q = g_utf8_strup (part, -1);
              }
              break;
            case 6:
              switch (g_rand_int_range (rand, 0, 4))
                {
                case 0:
                  q = utf8_slice (city, 0, 2);
                  break;
                case 1:
                  q = g_strdup (district);
                  break;
                default:
                  q = utf8_slice (address, 0, 3);
                  break;
                }
              break;
            default:
              g_assert_not_reached ();
            }
          sd_stmt_reset (row);
          if (q != NULL)
            g_ptr_array_add (kinds[k].queries, q);
        }
    }
  g_rand_free (rand);
}

static int
double_compare (gconstpointer a,
                gconstpointer b)
{
  double da = *(const double *) a, db = *(const double *) b;

  return da < db ? -1 : da > db;
}

static void
time_queries (SdDb      *db,
              QueryKind *kind,
              guint      n_queries)
{
  g_autoptr(GArray) times = g_array_new (FALSE, FALSE, sizeof (double));
  double total_hits = 0;

  for (guint i = 0; i < MIN (n_queries, kind->queries->len); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(SdIdSet) set = NULL;
      gint64 start = now_us ();
      double ms;

      set = _sd_search_index_lookup (db, g_ptr_array_index (kind->queries, i), &error);
      ms = (now_us () - start) / 1000.0;
      g_assert_no_error (error);
      g_array_append_val (times, ms);
      total_hits += set->len;
    }
  g_array_sort (times, double_compare);
  printf ("%-16s p50 %7.2f ms  p95 %7.2f ms  max %7.2f ms  (mean hits %.0f, e.g. \"%s\")\n",
          kind->kind,
          g_array_index (times, double, times->len / 2),
          g_array_index (times, double, times->len * 95 / 100),
          g_array_index (times, double, times->len - 1),
          total_hits / times->len,
          (const char *) g_ptr_array_index (kind->queries, 0));
}

int
main (int    argc,
      char **argv)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SdDb) db = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *path = NULL;
  guint n = argc > 1 ? (guint) g_ascii_strtoull (argv[1], NULL, 10) : 100000;
  QueryKind kinds[] = {
    { "1-char CJK", g_ptr_array_new_with_free_func (g_free) },
    { "2-char CJK", g_ptr_array_new_with_free_func (g_free) },
    { "3-char CJK", g_ptr_array_new_with_free_func (g_free) },
    { "last 4 digits", g_ptr_array_new_with_free_func (g_free) },
    { "7 middle digits", g_ptr_array_new_with_free_func (g_free) },
    { "nick fragment", g_ptr_array_new_with_free_func (g_free) },
    { "address word", g_ptr_array_new_with_free_func (g_free) },
    { NULL, NULL },
  };
  gint64 start, rss_before, hwm;
  double cpu_start;
  gboolean fresh;

  if (n == 0)
    n = 100000;
  if (argc > 2)
    path = g_strdup (argv[2]);
  else
    {
      dir = g_dir_make_tmp (NULL, &error);
      g_assert_no_error (error);
      path = g_build_filename (dir, "shop.db", NULL);
    }
  fresh = !g_file_test (path, G_FILE_TEST_EXISTS);

  db = sd_db_open (path, &error);
  g_assert_no_error (error);

  if (fresh || _sd_db_query_int (db, "SELECT count(*) FROM customers", 0) != n)
    {
      g_assert_true (fresh);
      start = now_us ();
      fill (db, n);
      printf ("filled %u customers in %.2f s\n", n, (now_us () - start) / 1e6);
    }

  /* Measure the rebuild alone: fill SQLite's page cache as a running app has it, then reset
   * the high-water mark. */
  _sd_db_query_int (db, "SELECT sum(length(name) + length(nick) + length(address)) FROM customers", 0);
  _sd_db_query_int (db, "SELECT sum(length(body)) FROM customer_notes", 0);
  /* Measure the rebuild alone: reset the high-water mark first. */
  g_file_set_contents ("/proc/self/clear_refs", "5", -1, NULL);
  rss_before = read_status_kb ("VmRSS:");
  start = now_us ();
  cpu_start = cpu_seconds ();
  g_assert_true (sd_db_begin (db, &error));
  g_assert_true (_sd_search_index_rebuild (db, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (sd_db_commit (db, &error));
  hwm = read_status_kb ("VmHWM:");
  printf ("rebuild of %u customers: %.2f s (%.2f s CPU, both threads), peak extra memory %.1f MiB (RSS %.1f → peak %.1f MiB), "
          "%" G_GINT64_FORMAT " grams, postings %.1f MiB\n",
          n, (now_us () - start) / 1e6, cpu_seconds () - cpu_start, (hwm - rss_before) / 1024.0, rss_before / 1024.0, hwm / 1024.0,
          _sd_db_query_int (db, "SELECT value FROM search_meta WHERE key = 'n_grams'", 0),
          _sd_db_query_int (db, "SELECT sum(length(ids)) FROM search_postings", 0) / 1048576.0);

  make_queries (db, n, kinds);
  for (guint k = 0; kinds[k].kind != NULL; k++)
    time_queries (db, &kinds[k], N_QUERIES);

  /* The same with a full dirty list, the worst a lookup meets before maybe_rebuild. */
  {
    gint64 limit = _sd_search_index_get_stale_limit (db);
    SdStmt *mark;

    g_assert_true (sd_db_begin (db, &error));
    mark = _sd_db_prepare (db, "INSERT OR IGNORE INTO search_dirty (customer_id) VALUES (?)", &error);
    for (gint64 i = 0; i < limit; i++)
      {
        sd_stmt_bind_int64 (mark, 1, 1 + (i * 7919) % n);
        g_assert_true (_sd_db_step_done (db, mark, &error));
      }
    g_assert_true (sd_db_commit (db, &error));
    printf ("with %" G_GINT64_FORMAT " dirty customers (the rebuild threshold):\n", _sd_search_index_count_stale (db));
    for (guint k = 0; kinds[k].kind != NULL; k++)
      time_queries (db, &kinds[k], N_QUERIES / 3);
  }

  for (guint k = 0; kinds[k].kind != NULL; k++)
    g_ptr_array_unref (kinds[k].queries);

  if (dir != NULL)
    {
      g_autofree char *wal = g_strconcat (path, "-wal", NULL);
      g_autofree char *shm = g_strconcat (path, "-shm", NULL);

      g_clear_pointer (&db, sd_db_unref);
      g_unlink (path);
      g_unlink (wal);
      g_unlink (shm);
      g_rmdir (dir);
    }
  return 0;
}
