/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "sd-test-util.h"
#include <glib/gstdio.h>
#include <sqlite3.h>
#include <string.h>

#include "sd-db-private.h"
#include "sd-error.h"
#include "sd-search-index-private.h"

typedef struct
{
  char *dir;
  char *path;
  SdDb *db;
} Fixture;

/* id, name, nick, phone, province, city, district, address */
static const char * const customers[][8] = {
  { "1", "王芳", "wangfang1988", "+8613812345678", "浙江省", "杭州市", "西湖区", "文三路100号" },
  { "2", "王小明", "TB8834521_88", "13900001111", "浙江省", "杭州市", "滨江区", "江南大道88号" },
  { "3", "李强", "小猫爱吃鱼", "+86 137-2222-3333", "江苏省", "南京市", "鼓楼区", "中山路1号" },
  { "4", "张伟", "zhangwei", "18655554444", "北京市", "北京市", "朝阳区", "建国路7号院" },
  { "5", "欧阳娜娜", "Nana.Ouyang", "15012341234", "广东省", "深圳市", "南山区", "科技园南路" },
  { "6", "Zoë Müller", "zoe", "+4915112345678", "", "", "", "Hauptstraße 5, Berlin" },
  { "7", "王", "wang", "1234", "浙江省", "宁波市", "海曙区", "中山西路3号" },
};

static gint64 note_customers[] = { 1, 3, 3 };
static const char * const note_bodies[] = {
  "喜欢红色款，要求发顺丰",
  "老客户",
  "曾投诉物流慢 VIP",
};

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  user_data)
{
  g_autoptr(GError) error = NULL;
  SdStmt *insert;

  fixture->dir = sd_test_make_dir ();
  fixture->path = g_build_filename (fixture->dir, "shop.db", NULL);
  fixture->db = sd_db_open (fixture->path, &error);
  g_assert_no_error (error);

  g_assert_true (sd_db_begin (fixture->db, &error));
  insert = _sd_db_prepare (fixture->db,
                           "INSERT INTO customers (id, name, nick, phone, province, city, district, address, "
                           "created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, 1, 1)", &error);
  g_assert_no_error (error);
  for (guint i = 0; i < G_N_ELEMENTS (customers); i++)
    {
      sd_stmt_bind_int64 (insert, 1, g_ascii_strtoll (customers[i][0], NULL, 10));
      for (int col = 1; col < 8; col++)
        sd_stmt_bind_text (insert, col + 1, customers[i][col]);
      g_assert_true (_sd_db_step_done (fixture->db, insert, &error));
      g_assert_no_error (error);
    }
  insert = _sd_db_prepare (fixture->db,
                           "INSERT INTO customer_notes (customer_id, body, created_at) VALUES (?, ?, 1)", &error);
  g_assert_no_error (error);
  for (guint i = 0; i < G_N_ELEMENTS (note_bodies); i++)
    {
      sd_stmt_bind_int64 (insert, 1, note_customers[i]);
      sd_stmt_bind_text (insert, 2, note_bodies[i]);
      g_assert_true (_sd_db_step_done (fixture->db, insert, &error));
    }
  g_assert_true (_sd_search_index_rebuild (fixture->db, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (sd_db_commit (fixture->db, &error));
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  user_data)
{
  g_autofree char *wal = g_strconcat (fixture->path, "-wal", NULL);
  g_autofree char *shm = g_strconcat (fixture->path, "-shm", NULL);

  g_clear_pointer (&fixture->db, sd_db_unref);
  g_unlink (fixture->path);
  g_unlink (wal);
  g_unlink (shm);
  g_rmdir (fixture->dir);
  g_free (fixture->path);
  g_free (fixture->dir);
}

static char *
lookup_string (SdDb       *db,
               const char *query)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SdIdSet) set = _sd_search_index_lookup (db, query, &error);
  GString *out = g_string_new (NULL);

  g_assert_no_error (error);
  g_assert_nonnull (set);
  for (gsize i = 0; i < set->len; i++)
    {
      if (i > 0)
        {
          g_assert_cmpint (set->ids[i - 1], <, set->ids[i]);
          g_string_append_c (out, ' ');
        }
      g_string_append_printf (out, "%" G_GINT64_FORMAT, set->ids[i]);
    }
  return g_string_free (out, FALSE);
}

#define assert_lookup(db, query, expected) \
  G_STMT_START { \
    g_autofree char *got_ = lookup_string ((db), (query)); \
    if (g_strcmp0 (got_, (expected)) != 0) \
      g_error ("lookup “%s”: expected [%s], got [%s]", (query), (expected), got_); \
  } G_STMT_END

static void
exec_ok (SdDb       *db,
         const char *sql)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (_sd_db_exec (db, sql, &error));
  g_assert_no_error (error);
}

static void
mark_dirty (SdDb   *db,
            gint64  id)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (_sd_search_index_mark_dirty (db, id, &error));
  g_assert_no_error (error);
}

static void
test_chinese (Fixture       *fixture,
              gconstpointer  user_data)
{
  assert_lookup (fixture->db, "王", "1 2 7");
  assert_lookup (fixture->db, "芳", "1");
  assert_lookup (fixture->db, "王芳", "1");
  assert_lookup (fixture->db, "小明", "2");
  assert_lookup (fixture->db, "王小明", "2");
  assert_lookup (fixture->db, "欧阳娜娜", "5");
  assert_lookup (fixture->db, "阳娜", "5");
  /* 小 is in a name and in a nick. */
  assert_lookup (fixture->db, "小", "2 3");
  assert_lookup (fixture->db, "爱吃鱼", "3");
  assert_lookup (fixture->db, "王五", "");
}

static void
test_address (Fixture       *fixture,
              gconstpointer  user_data)
{
  assert_lookup (fixture->db, "杭州", "1 2");
  assert_lookup (fixture->db, "西湖区", "1");
  assert_lookup (fixture->db, "文三路", "1");
  assert_lookup (fixture->db, "浙江", "1 2 7");
  /* Province, city and district read as one text, spaces or not. */
  assert_lookup (fixture->db, "浙江省杭州市", "1 2");
  assert_lookup (fixture->db, "杭州市 西湖区", "1");
  assert_lookup (fixture->db, "中山", "3 7");
  assert_lookup (fixture->db, "中山路", "3");
  assert_lookup (fixture->db, "江", "1 2 3 7");
  assert_lookup (fixture->db, "北京", "4");
  assert_lookup (fixture->db, "88号", "2");
  assert_lookup (fixture->db, "hauptstrasse", "6");
}

static void
test_phone (Fixture       *fixture,
            gconstpointer  user_data)
{
  /* Last four digits; the middle of a number; formatting ignored on both sides. */
  assert_lookup (fixture->db, "5678", "1 6");
  assert_lookup (fixture->db, "3333", "3");
  assert_lookup (fixture->db, "8123456", "1");
  assert_lookup (fixture->db, "3812345", "1");
  assert_lookup (fixture->db, "137 2222 3333", "3");
  assert_lookup (fixture->db, "13722223333", "3");
  assert_lookup (fixture->db, "1234", "1 5 6 7");
  assert_lookup (fixture->db, "12341234", "5");
  /* Digits from a phone and a nick never join. */
  assert_lookup (fixture->db, "19885678", "");
  /* Fewer than four digits never look into phones: only into other fields. */
  assert_lookup (fixture->db, "100", "1");
  assert_lookup (fixture->db, "88", "1 2");
  assert_lookup (fixture->db, "7", "4");
  assert_lookup (fixture->db, "198", "1");
}

static void
test_nick_and_case (Fixture       *fixture,
                    gconstpointer  user_data)
{
  assert_lookup (fixture->db, "WangFang", "1");
  assert_lookup (fixture->db, "wang", "1 7");
  assert_lookup (fixture->db, "fang19", "1");
  assert_lookup (fixture->db, "tb8834", "2");
  assert_lookup (fixture->db, "Tb88345", "2");
  assert_lookup (fixture->db, "8834521", "2");
  assert_lookup (fixture->db, "nana.ouyang", "5");
  assert_lookup (fixture->db, "NANAOUYANG", "5");
  assert_lookup (fixture->db, "ZOË", "6");
  assert_lookup (fixture->db, "MÜLLER", "6");
  assert_lookup (fixture->db, "ｗａｎｇｆａｎｇ", "1");
  assert_lookup (fixture->db, "z", "4 6");
  assert_lookup (fixture->db, "ng", "1 4 5 7");
  assert_lookup (fixture->db, "gfa", "1");
  assert_lookup (fixture->db, "angfang", "1");
  assert_lookup (fixture->db, "fangwang", "");
}

static void
test_notes (Fixture       *fixture,
            gconstpointer  user_data)
{
  assert_lookup (fixture->db, "顺丰", "1");
  assert_lookup (fixture->db, "老客户", "3");
  assert_lookup (fixture->db, "vip", "3");
  assert_lookup (fixture->db, "物流慢", "3");
  /* Two notes of one customer do not run together. */
  assert_lookup (fixture->db, "客户曾", "");
}

static void
test_field_boundaries (Fixture       *fixture,
                       gconstpointer  user_data)
{
  /* End of the name + start of the nick; nick + phone; name + region; street + note. */
  assert_lookup (fixture->db, "芳wang", "");
  assert_lookup (fixture->db, "1988138", "");
  assert_lookup (fixture->db, "强江苏", "");
  assert_lookup (fixture->db, "号喜欢", "");
  assert_lookup (fixture->db, "区文三", "");
  /* Repeated grams in one query: the chain still has to line up. */
  assert_lookup (fixture->db, "nana", "5");
  assert_lookup (fixture->db, "nanana", "");
}

static void
test_invalid (Fixture       *fixture,
              gconstpointer  user_data)
{
  const char * const empties[] = { "", "   ", " ,. -", "\t\n" };

  for (guint i = 0; i < G_N_ELEMENTS (empties); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(SdIdSet) set = _sd_search_index_lookup (fixture->db, empties[i], &error);

      g_assert_null (set);
      g_assert_error (error, SD_ERROR, SD_ERROR_INVALID_INPUT);
    }
}

static void
test_dirty (Fixture       *fixture,
            gconstpointer  user_data)
{
  SdDb *db = fixture->db;

  /* Changed after the build: found by the new name, not the old one. */
  exec_ok (db, "UPDATE customers SET name = '赵敏', phone = '13500009999' WHERE id = 1");
  mark_dirty (db, 1);
  assert_lookup (db, "王芳", "");
  assert_lookup (db, "王", "2 7");
  assert_lookup (db, "赵敏", "1");
  assert_lookup (db, "敏", "1");
  assert_lookup (db, "9999", "1");
  assert_lookup (db, "5678", "6");
  /* Its nick, region and note did not change and are still found. */
  assert_lookup (db, "wangfang", "1");
  assert_lookup (db, "西湖", "1");
  assert_lookup (db, "顺丰", "1");

  /* A note edited after the build. */
  exec_ok (db, "UPDATE customer_notes SET body = '只在晚上联系' WHERE body = '老客户'");
  mark_dirty (db, 3);
  assert_lookup (db, "老客户", "");
  assert_lookup (db, "晚上", "3");
  assert_lookup (db, "物流", "3");

  /* Deleted: never returned, neither from the postings nor from the dirty list. */
  exec_ok (db, "DELETE FROM customers WHERE id = 2");
  mark_dirty (db, 2);
  assert_lookup (db, "小明", "");
  assert_lookup (db, "杭州", "1");
  assert_lookup (db, "8834", "");

  /* Inserted after the build: found whether or not anyone marked it. */
  exec_ok (db, "INSERT INTO customers (id, name, nick, phone, province, city, district, address, created_at, updated_at) "
               "VALUES (8, '王小明', 'xiaoming', '18800001234', '浙江省', '杭州市', '上城区', '解放路5号', 2, 2)");
  exec_ok (db, "INSERT INTO customer_notes (customer_id, body, created_at) VALUES (8, '新客户', 2)");
  assert_lookup (db, "王小明", "8");
  assert_lookup (db, "杭州", "1 8");
  assert_lookup (db, "新客户", "8");
  assert_lookup (db, "1234", "5 6 7 8");
  mark_dirty (db, 8);
  assert_lookup (db, "王小明", "8");
  assert_lookup (db, "王", "7 8");

  /* A rebuild takes it all in and empties the dirty list. */
  {
    g_autoptr(GError) error = NULL;

    g_assert_true (_sd_search_index_rebuild (db, NULL, &error));
    g_assert_no_error (error);
  }
  g_assert_cmpint (_sd_db_query_int (db, "SELECT count(*) FROM search_dirty", -1), ==, 0);
  g_assert_cmpint (_sd_search_index_count_stale (db), ==, 0);
  assert_lookup (db, "王", "7 8");
  assert_lookup (db, "赵敏", "1");
  assert_lookup (db, "晚上", "3");
  assert_lookup (db, "小明", "8");
  assert_lookup (db, "杭州", "1 8");
}

/* Every id set equals what a plain scan of the rows says, query by query, for queries taken
 * from the data itself (every substring of every field) and a few that are not in it. */
static void
test_rebuild_idempotent (Fixture       *fixture,
                         gconstpointer  user_data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) before = g_ptr_array_new_with_free_func (g_free);
  const char * const queries[] = { "王", "杭州", "5678", "wang", "顺丰", "中山路", "nana", "88" };
  gint64 n_rows;

  n_rows = _sd_db_query_int (fixture->db, "SELECT count(*) FROM search_postings", 0);
  for (guint i = 0; i < G_N_ELEMENTS (queries); i++)
    g_ptr_array_add (before, lookup_string (fixture->db, queries[i]));

  g_assert_true (_sd_search_index_rebuild (fixture->db, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (_sd_search_index_rebuild (fixture->db, NULL, &error));
  g_assert_no_error (error);

  g_assert_cmpint (_sd_db_query_int (fixture->db, "SELECT count(*) FROM search_postings", 0), ==, n_rows);
  for (guint i = 0; i < G_N_ELEMENTS (queries); i++)
    assert_lookup (fixture->db, queries[i], (const char *) g_ptr_array_index (before, i));
}

static void
test_maybe_rebuild (Fixture       *fixture,
                    gconstpointer  user_data)
{
  g_autoptr(GError) error = NULL;
  SdDb *db = fixture->db;
  gint64 limit = _sd_search_index_get_stale_limit (db);
  gint64 built_at;
  SdStmt *insert;

  g_assert_cmpint (limit, >=, 1000);

  /* Under the limit: nothing happens. */
  mark_dirty (db, 4);
  g_assert_true (_sd_search_index_maybe_rebuild (db, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpint (_sd_db_query_int (db, "SELECT count(*) FROM search_dirty", -1), ==, 1);

  /* Past it: new customers, never marked, count too. */
  exec_ok (db, "UPDATE search_meta SET value = 0 WHERE key = 'built_at'");
  g_assert_true (sd_db_begin (db, &error));
  insert = _sd_db_prepare (db, "INSERT INTO customers (id, name, nick, created_at, updated_at) "
                               "VALUES (?, '新客', ?, 3, 3)", &error);
  g_assert_no_error (error);
  for (gint64 id = 100; id < 100 + limit; id++)
    {
      g_autofree char *nick = g_strdup_printf ("new%" G_GINT64_FORMAT, id);

      sd_stmt_bind_int64 (insert, 1, id);
      sd_stmt_bind_text (insert, 2, nick);
      g_assert_true (_sd_db_step_done (db, insert, &error));
    }
  g_assert_true (sd_db_commit (db, &error));
  g_assert_cmpint (_sd_search_index_count_stale (db), ==, limit + 1);

  g_assert_true (_sd_search_index_maybe_rebuild (db, NULL, &error));
  g_assert_no_error (error);
  built_at = _sd_db_query_int (db, "SELECT value FROM search_meta WHERE key = 'built_at'", -1);
  g_assert_cmpint (built_at, >, 0);
  g_assert_cmpint (_sd_db_query_int (db, "SELECT count(*) FROM search_dirty", -1), ==, 0);
  g_assert_cmpint (_sd_search_index_count_stale (db), ==, 0);
  g_assert_false (sd_db_in_transaction (db));

  assert_lookup (db, "new1099", "1099");
  assert_lookup (db, "张伟", "4");
  {
    g_autoptr(SdIdSet) set = _sd_search_index_lookup (db, "新客", &error);
    g_assert_no_error (error);
    g_assert_cmpuint (set->len, ==, (gsize) limit);
  }
}

static void
test_cancel (Fixture       *fixture,
             gconstpointer  user_data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();

  mark_dirty (fixture->db, 1);
  g_cancellable_cancel (cancellable);
  g_assert_false (_sd_search_index_rebuild (fixture->db, cancellable, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_false (sd_db_in_transaction (fixture->db));
  /* Nothing was lost: the old index and the dirty list still answer. */
  g_assert_cmpint (_sd_db_query_int (fixture->db, "SELECT count(*) FROM search_dirty", -1), ==, 1);
  assert_lookup (fixture->db, "王", "1 2 7");
}

/* A fresh shop migrated from version 1 has every customer in search_dirty: lookups are
 * right before any build. */
static void
test_never_built (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = sd_test_make_dir ();
  g_autofree char *path = g_build_filename (dir, "shop.db", NULL);
  g_autofree char *wal = g_strconcat (path, "-wal", NULL);
  g_autofree char *shm = g_strconcat (path, "-shm", NULL);

  {
    g_autoptr(SdDb) db = _sd_db_open_at_version (path, 1, &error);
    g_assert_no_error (error);
    exec_ok (db, "INSERT INTO customers (nick, name, phone, created_at, updated_at) "
                 "VALUES ('tb_alice', '王芳', '13812345678', 1, 1), ('tb_bob', '李强', '', 1, 1)");
  }
  {
    g_autoptr(SdDb) db = sd_db_open (path, &error);
    g_assert_no_error (error);
    g_assert_cmpint (_sd_search_index_count_stale (db), ==, 2);
    assert_lookup (db, "王芳", "1");
    assert_lookup (db, "tb_", "1 2");
    assert_lookup (db, "5678", "1");
    g_assert_true (_sd_search_index_rebuild (db, NULL, &error));
    g_assert_no_error (error);
    assert_lookup (db, "王芳", "1");
    assert_lookup (db, "tb_", "1 2");
  }
  g_unlink (path);
  g_unlink (wal);
  g_unlink (shm);
  g_rmdir (dir);
}

/* Many customers with random text from a small alphabet, so that grams collide a lot: every
 * lookup equals a brute-force scan, before and after changes. */
static void
test_random_against_scan (void)
{
  static const char * const alphabet[] = { "a", "b", "A", "1", "2", "王", "芳", "-", " ", "杭", "州" };
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = sd_test_make_dir ();
  g_autofree char *path = g_build_filename (dir, "shop.db", NULL);
  g_autofree char *wal = g_strconcat (path, "-wal", NULL);
  g_autofree char *shm = g_strconcat (path, "-shm", NULL);
  g_autoptr(GRand) rand = g_rand_new_with_seed (42);
  g_autoptr(GPtrArray) texts = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(SdDb) db = sd_db_open (path, &error);
  SdStmt *insert, *note;
  const guint n = 400;

  g_assert_no_error (error);
  g_assert_true (sd_db_begin (db, &error));
  insert = _sd_db_prepare (db, "INSERT INTO customers (id, name, nick, phone, province, city, district, address, "
                               "created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, 1, 1)", &error);
  g_assert_no_error (error);
  for (guint id = 1; id <= n; id++)
    {
      sd_stmt_bind_int64 (insert, 1, id);
      for (int col = 2; col <= 8; col++)
        {
          GString *text = g_string_new (NULL);
          guint len = (guint) g_rand_int_range (rand, 0, col == 4 ? 14 : 7);

          for (guint k = 0; k < len; k++)
            g_string_append (text, col == 4 ? alphabet[3 + g_rand_int_range (rand, 0, 2)]
                                            : alphabet[g_rand_int_range (rand, 0, G_N_ELEMENTS (alphabet))]);
          /* Nicks are unique. */
          if (col == 3)
            g_string_append_printf (text, "-%u", id);
          sd_stmt_bind_text (insert, col, text->str);
          g_ptr_array_add (texts, g_string_free (text, FALSE));
        }
      g_assert_true (_sd_db_step_done (db, insert, &error));
    }
  note = _sd_db_prepare (db, "INSERT INTO customer_notes (customer_id, body, created_at) VALUES (?, ?, 1)", &error);
  g_assert_no_error (error);
  for (guint k = 0; k < n / 2; k++)
    {
      sd_stmt_bind_int64 (note, 1, g_rand_int_range (rand, 1, (gint32) n + 1));
      sd_stmt_bind_text (note, 2, g_ptr_array_index (texts, g_rand_int_range (rand, 0, (gint32) texts->len)));
      g_assert_true (_sd_db_step_done (db, note, &error));
    }
  g_assert_true (_sd_search_index_rebuild (db, NULL, &error));
  g_assert_true (sd_db_commit (db, &error));

  for (guint round = 0; round < 2; round++)
    {
      for (guint q = 0; q < 300; q++)
        {
          const char *source = g_ptr_array_index (texts, g_rand_int_range (rand, 0, (gint32) texts->len));
          glong len = g_utf8_strlen (source, -1);
          g_autofree char *query = NULL;
          g_autofree char *expected = NULL;
          g_autoptr(GString) scan = g_string_new (NULL);
          g_autoptr(SdIdSet) set = NULL;
          glong start, take;
          SdStmt *check;

          if (len == 0)
            continue;
          start = g_rand_int_range (rand, 0, (gint32) len);
          take = g_rand_int_range (rand, 1, (gint32) (len - start) + 1);
          query = g_utf8_substring (source, start, start + take);

          set = _sd_search_index_lookup (db, query, &error);
          if (set == NULL)
            {
              /* Nothing searchable in it. */
              g_assert_error (error, SD_ERROR, SD_ERROR_INVALID_INPUT);
              g_clear_error (&error);
              continue;
            }

          /* The same rule, checked the slow way: the test's own normalisation. */
          check = _sd_db_prepare (db, "SELECT id, name, nick, phone, province || city || district, address, "
                                      "coalesce((SELECT group_concat(body, char(10)) FROM customer_notes WHERE customer_id = c.id), '') "
                                      "FROM customers c ORDER BY id", &error);
          g_assert_no_error (error);
          {
            g_autoptr(GString) norm_query = g_string_new (NULL);
            gboolean digits = TRUE;

            for (const char *p = query; *p; p = g_utf8_next_char (p))
              {
                gunichar c = g_utf8_get_char (p);
                if (c == ' ' || c == '-')
                  continue;
                if (c < 0x80 && !g_ascii_isdigit (c))
                  digits = FALSE;
                if (c >= 0x80)
                  digits = FALSE;
                g_string_append_unichar (norm_query, c < 0x80 ? (gunichar) g_ascii_tolower ((char) c) : c);
              }
            while (sd_stmt_step (check) == SD_STMT_ROW)
              {
                gboolean match = FALSE;

                for (int col = 1; col <= 6 && !match; col++)
                  {
                    g_auto(GStrv) parts = g_strsplit (sd_stmt_column_text (check, col), "\n", -1);

                    if (col == 3 && !(digits && norm_query->len >= 4))
                      continue;
                    for (guint p = 0; parts[p] != NULL && !match; p++)
                      {
                        g_autoptr(GString) field = g_string_new (NULL);

                        for (const char *c = parts[p]; *c; c = g_utf8_next_char (c))
                          {
                            gunichar u = g_utf8_get_char (c);
                            if (u == ' ' || u == '-')
                              continue;
                            g_string_append_unichar (field, u < 0x80 ? (gunichar) g_ascii_tolower ((char) u) : u);
                          }
                        match = strstr (field->str, norm_query->str) != NULL;
                      }
                  }
                if (match)
                  g_string_append_printf (scan, "%s%" G_GINT64_FORMAT, scan->len ? " " : "",
                                          (gint64) sd_stmt_column_int64 (check, 0));
              }
            sd_stmt_reset (check);
          }
          expected = g_string_free (g_steal_pointer (&scan), FALSE);
          assert_lookup (db, query, expected);
        }

      /* Second round: change a tenth of the customers without a rebuild. */
      for (guint k = 0; k < n / 10; k++)
        {
          gint64 id = g_rand_int_range (rand, 1, (gint32) n + 1);
          g_autofree char *sql = NULL;

          if (k % 3 == 0)
            sql = g_strdup_printf ("DELETE FROM customers WHERE id = %" G_GINT64_FORMAT, id);
          else
            sql = g_strdup_printf ("UPDATE customers SET name = '%s', nick = nick || 'b2' WHERE id = %" G_GINT64_FORMAT,
                                   (const char *) g_ptr_array_index (texts, g_rand_int_range (rand, 0, (gint32) texts->len)),
                                   id);
          exec_ok (db, sql);
          mark_dirty (db, id);
        }
    }

  g_clear_pointer (&db, sd_db_unref);
  g_unlink (path);
  g_unlink (wal);
  g_unlink (shm);
  g_rmdir (dir);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add ("/core/search-index/" path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("chinese", test_chinese);
  ADD ("address", test_address);
  ADD ("phone", test_phone);
  ADD ("nick-and-case", test_nick_and_case);
  ADD ("notes", test_notes);
  ADD ("field-boundaries", test_field_boundaries);
  ADD ("invalid", test_invalid);
  ADD ("dirty", test_dirty);
  ADD ("rebuild-idempotent", test_rebuild_idempotent);
  ADD ("maybe-rebuild", test_maybe_rebuild);
  ADD ("cancel", test_cancel);
#undef ADD
  g_test_add_func ("/core/search-index/never-built", test_never_built);
  g_test_add_func ("/core/search-index/random-against-scan", test_random_against_scan);

  return g_test_run ();
}
