/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "sd-test-util.h"
#include <glib/gstdio.h>
#include <signal.h>
#include <sys/wait.h>

#include "sd-customers.h"
#include "sd-error.h"
#include "sd-export.h"
#include "sd-import.h"
#include "sd-db-private.h"

typedef struct
{
  char      *dir;
  char      *db_path;
  SdDb      *db;
  SdSession *session;
} Fixture;

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  f->dir = sd_test_make_dir ();
  f->db_path = sd_test_shop_where (f->dir, "shop.db");
  f->session = sd_test_new_shop (f->db_path);
  /* For the CLI this test starts. */
  g_setenv ("SHOPDESK_PASSWORD", SD_TEST_PASSWORD, TRUE);
  f->db = sd_db_ref (sd_session_get_db (f->session));
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  g_clear_object (&f->session);
  g_clear_pointer (&f->db, sd_db_unref);
  sd_test_remove_tree (f->dir);
  g_free (f->db_path);
  g_free (f->dir);
}

static char *
write_file (Fixture    *f,
            const char *name,
            const char *contents,
            gssize      length)
{
  char *path = g_build_filename (f->dir, name, NULL);

  g_assert_true (g_file_set_contents (path, contents, length, NULL));
  return path;
}

static char *
write_gb18030 (Fixture    *f,
               const char *name,
               const char *utf8)
{
  g_autoptr(GError) error = NULL;
  gsize len = 0;
  g_autofree char *bytes = g_convert (utf8, -1, "GB18030", "UTF-8", NULL, &len, &error);

  g_assert_no_error (error);
  return write_file (f, name, bytes, (gssize) len);
}

static SdImportResult *
import (Fixture              *f,
        const char           *path,
        SdImportKind          kind,
        SdImportErrorPolicy   policy,
        char                **mappings)
{
  g_autoptr(GError) error = NULL;
  SdImportOptions options = { kind, SD_ENCODING_AUTO, policy, mappings, 0, NULL };
  SdImportResult *result = sd_import_file (f->session, path, &options, NULL, NULL, NULL, &error);

  g_assert_no_error (error);
  g_assert_nonnull (result);
  return result;
}

/* Every customer has its one standing row, and the trigger that makes it is in place: a
 * bulk load goes without it and puts both back within its transaction. */
static void
assert_standing_whole (Fixture *f)
{
  g_assert_true (sd_test_has_trigger (f->db, "customers_standing"));
  g_assert_cmpint (_sd_db_query_int (f->db, "SELECT count(*) FROM customer_standing", -1), ==,
                   _sd_db_query_int (f->db, "SELECT count(*) FROM customers", -2));
  g_assert_cmpint (_sd_db_query_int (f->db, "SELECT count(*) FROM customers c LEFT JOIN customer_standing s "
                                            "ON s.customer_id = c.id WHERE s.customer_id IS NULL", -1), ==, 0);
}

static char *
journal_mode (SdDb *db)
{
  sqlite3_stmt *stmt = NULL;
  char *mode = NULL;

  g_assert_cmpint (sqlite3_prepare_v2 (_sd_db_get_handle (db), "PRAGMA journal_mode", -1, &stmt, NULL), ==, SQLITE_OK);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    mode = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
  sqlite3_finalize (stmt);
  return mode;
}

/* A bulk load into a shop open nowhere else writes the file directly, and the shop is in
 * WAL again after; with another connection open it loads in WAL, and that connection
 * reads the customers as soon as the load is committed. */
static void
test_bulk_alone_or_not (Fixture       *f,
                        gconstpointer  data)
{
  g_autofree char *first = write_file (f, "first.csv", "nick,name\ntb_a,阿明\ntb_b,阿红\n", -1);
  g_autofree char *second = write_file (f, "second.csv", "nick,name,phone\ntb_c,阿强,13800000003\n", -1);
  g_autoptr(GError) error = NULL;
  g_autofree char *mode = NULL;
  SdDb *other;

  {
    g_autoptr(SdImportResult) result = import (f, first, SD_IMPORT_CUSTOMERS, SD_IMPORT_ABORT_ON_ERROR, NULL);
    g_assert_cmpuint (result->inserted, ==, 2);
  }
  /* Journal modes are a shop file's; a team database has the rest of it. */
  if (!sd_test_is_team ())
    {
      mode = journal_mode (f->db);
      g_assert_cmpstr (mode, ==, "wal");
      g_clear_pointer (&mode, g_free);
    }
  assert_standing_whole (f);

  /* Empty again, with a second connection open: the load stays in WAL. */
  g_assert_true (_sd_db_exec (f->db, "DELETE FROM customers; UPDATE counters SET value = 0 WHERE name = 'customers'",
                              &error));
  g_assert_no_error (error);
  sd_db_unref (f->db);
  g_clear_object (&f->session);
  f->session = sd_test_login_owner (f->db_path);
  f->db = sd_db_ref (sd_session_get_db (f->session));
  other = sd_db_open (f->db_path, &error);
  g_assert_no_error (error);
  g_assert_cmpint (_sd_db_query_int (other, "SELECT count(*) FROM customers", -1), ==, 0);
  {
    g_autoptr(SdImportResult) result = import (f, second, SD_IMPORT_CUSTOMERS, SD_IMPORT_ABORT_ON_ERROR, NULL);
    g_assert_cmpuint (result->inserted, ==, 1);
  }
  if (!sd_test_is_team ())
    {
      mode = journal_mode (f->db);
      g_assert_cmpstr (mode, ==, "wal");
    }
  g_assert_cmpint (_sd_db_query_int (other, "SELECT count(*) FROM customers WHERE nick = 'tb_c'", -1), ==, 1);
  assert_standing_whole (f);
  sd_db_unref (other);
}

static SdCustomer *
find_one (Fixture    *f,
          const char *text)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SdCustomerQuery) query = sd_customer_query_new ();
  g_autoptr(GPtrArray) rows = NULL;
  SdCustomer *first;

  query->text = g_strdup (text);
  rows = sd_customers_find (f->session, query, NULL, 10, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (rows->len, ==, 1);
  first = g_ptr_array_index (rows, 0);
  return sd_customers_get (f->session, first->id, NULL);
}

static gint64
count_all (Fixture *f)
{
  g_autoptr(SdCustomerQuery) query = sd_customer_query_new ();

  return sd_customers_count (f->session, query, NULL);
}

static const char customers_csv[] =
  "\xEF\xBB\xBF" "买家会员名,姓名,手机,省份,城市,区县,详细地址,标签,备注,邮箱,性别,生日\r\n"
  "tb_alice,王芳,=\"13812345678\",浙江,杭州市,西湖区,文三路100号,老客户;大客户,\"喜欢龙井,\n要发票\",alice@example.com,女,1990-05-01\r\n"
  "lily_chen,陈丽,'138****5678,广东省,深圳市,南山区,科技园路1号,,,,,\r\n"
  "\t10086,李强,\t+86 139-0000-1111,江苏省,南京市,玄武区,中山路5号,学生,,,男,\r\n";

static void
test_customers_utf8_bom (Fixture       *f,
                         gconstpointer  data)
{
  g_autofree char *path = write_file (f, "customers.csv", customers_csv, -1);
  g_autoptr(SdImportResult) result = import (f, path, SD_IMPORT_CUSTOMERS, SD_IMPORT_ABORT_ON_ERROR, NULL);
  g_autoptr(SdCustomer) alice = NULL;
  g_autoptr(SdCustomer) lily = NULL;
  g_autoptr(SdCustomer) qiang = NULL;

  g_assert_cmpuint (result->errors->len, ==, 0);
  g_assert_cmpuint (result->rows, ==, 3);
  g_assert_cmpuint (result->inserted, ==, 3);
  g_assert_cmpint (result->encoding, ==, SD_ENCODING_UTF8);

  alice = find_one (f, "tb_alice");
  g_assert_cmpstr (alice->name, ==, "王芳");
  g_assert_cmpstr (alice->phone, ==, "+8613812345678");
  g_assert_cmpint (alice->phone_state, ==, SD_PHONE_VALID);
  g_assert_cmpstr (alice->province, ==, "浙江省");
  g_assert_cmpstr (alice->city, ==, "杭州市");
  g_assert_cmpstr (alice->district, ==, "西湖区");
  g_assert_cmpstr (alice->address, ==, "文三路100号");
  g_assert_cmpstr (alice->email, ==, "alice@example.com");
  g_assert_cmpint (alice->gender, ==, SD_GENDER_FEMALE);
  g_assert_cmpstr (alice->birthday, ==, "1990-05-01");
  g_assert_cmpuint (alice->tags->len, ==, 2);
  g_assert_cmpstr (g_ptr_array_index (alice->tags, 0), ==, "大客户");
  g_assert_cmpstr (g_ptr_array_index (alice->tags, 1), ==, "老客户");
  g_assert_cmpuint (alice->notes->len, ==, 1);
  g_assert_cmpstr (((SdNote *) g_ptr_array_index (alice->notes, 0))->body, ==, "喜欢龙井,\n要发票");

  lily = find_one (f, "lily_chen");
  g_assert_cmpstr (lily->phone, ==, "138****5678");
  g_assert_cmpint (lily->phone_state, ==, SD_PHONE_MASKED);

  /* A leading tab is Excel's way of keeping digits as text. */
  qiang = find_one (f, "李强");
  g_assert_cmpstr (qiang->nick, ==, "10086");
  g_assert_cmpstr (qiang->phone, ==, "+8613900001111");
  g_assert_cmpint (qiang->gender, ==, SD_GENDER_MALE);
}

static void
test_customers_gb18030 (Fixture       *f,
                        gconstpointer  data)
{
  g_autofree char *path = write_gb18030 (f, "gbk.csv",
                                         "会员名,姓名,手机号码,收货地址\r\n"
                                         "张三丰,张三丰,13900001111,\"江苏省 南京市 玄武区 中山路5号(210000)\"\r\n"
                                         "赵敏,赵敏,13700002222,北京 北京市 朝阳区 建国路1号\r\n");
  g_autoptr(SdImportResult) result = import (f, path, SD_IMPORT_CUSTOMERS, SD_IMPORT_ABORT_ON_ERROR, NULL);
  g_autoptr(SdCustomer) zhang = NULL;
  g_autoptr(SdCustomer) zhao = NULL;

  g_assert_cmpuint (result->errors->len, ==, 0);
  g_assert_cmpint (result->encoding, ==, SD_ENCODING_GB18030);
  g_assert_cmpuint (result->inserted, ==, 2);

  zhang = find_one (f, "张三丰");
  g_assert_cmpstr (zhang->province, ==, "江苏省");
  g_assert_cmpstr (zhang->city, ==, "南京市");
  g_assert_cmpstr (zhang->district, ==, "玄武区");
  g_assert_cmpstr (zhang->address, ==, "中山路5号");
  zhao = find_one (f, "赵敏");
  g_assert_cmpstr (zhao->province, ==, "北京市");
  g_assert_cmpstr (zhao->district, ==, "朝阳区");
}

static void
test_forced_encoding (Fixture       *f,
                      gconstpointer  data)
{
  g_autofree char *path = write_gb18030 (f, "gbk.csv", "会员名,手机\r\n张三丰,13900001111\r\n");
  g_autoptr(GError) error = NULL;
  SdImportOptions options = { SD_IMPORT_CUSTOMERS, SD_ENCODING_UTF8, SD_IMPORT_ABORT_ON_ERROR, NULL, 0, NULL };
  g_autoptr(SdImportResult) result = sd_import_file (f->session, path, &options, NULL, NULL, NULL, &error);

  /* GB18030 bytes read as UTF-8 are refused, never stored as mojibake. */
  if (result != NULL)
    {
      g_assert_true (result->rolled_back || result->errors->len > 0);
      g_assert_cmpint (count_all (f), ==, 0);
    }
  else
    g_assert_error (error, SD_ERROR, SD_ERROR_INVALID_INPUT);
}

static const char orders_csv[] =
  "订单编号,买家会员名,买家支付宝账号,买家应付货款,买家实际支付金额,订单状态,收货人姓名,收货地址 ,联系手机,订单创建时间,订单付款时间 ,宝贝标题 ,宝贝总数量,退款金额\r\n"
  "=\"1234567890123456789\",tb_alice,a@b.cn,148.00,148.00,交易成功,王芳,\"浙江省 杭州市 西湖区 文三路100号(310012)\",'13812345678,2024-05-01 12:00:00,2024-05-01 12:01:00,西湖龙井 250g,1,0\r\n"
  "=\"1234567890123456790\",lily_chen,,99.50,99.50,卖家已发货，等待买家确认,陈丽,广东省 深圳市 南山区 科技园路1号,138****5678,2024-06-02 09:30:00,2024-06-02 09:31:00,\"铁观音, 礼盒\",2,0\r\n"
  "=\"1234567890123456791\",tb_alice,,50.00,50.00,交易成功,王芳,浙江省 杭州市 西湖区 文三路100号,13812345678,2024-07-01 10:00:00,2024-07-01 10:00:05,碧螺春,1,0\r\n"
  "=\"1234567890123456792\",tb_alice,,10.00,10.00,等待买家付款,王芳,浙江省 杭州市 西湖区 文三路100号,13812345678,2024-07-02 10:00:00,,茶杯,1,\r\n"
  "=\"1234567890123456793\",张三丰,,88.00,88.00,交易成功,张三丰,江苏省 南京市 玄武区 中山路5号,+86 139-0000-1111,2024/8/1 8:05,2024/8/1 8:06,普洱 357g,1,88.00\r\n";

static void
test_taobao_orders_report (Fixture       *f,
                           gconstpointer  data)
{
  g_autofree char *path = write_gb18030 (f, "orders.csv", orders_csv);
  g_autoptr(SdImportResult) result = import (f, path, SD_IMPORT_ORDERS, SD_IMPORT_ABORT_ON_ERROR, NULL);
  g_autoptr(SdCustomer) alice = NULL;
  g_autoptr(SdCustomer) zhang = NULL;
  g_autoptr(GPtrArray) orders = NULL;
  SdOrder *latest;

  g_assert_cmpuint (result->errors->len, ==, 0);
  g_assert_cmpuint (result->inserted, ==, 5);
  g_assert_cmpuint (result->customers_created, ==, 3);

  alice = find_one (f, "tb_alice");
  /* Paid, finished orders count; the unpaid one does not. */
  g_assert_cmpint (alice->total_spent_cents, ==, 19800);
  g_assert_cmpint (alice->order_count, ==, 2);
  g_assert_cmpint (sd_customer_get_average_order_cents (alice), ==, 9900);
  g_assert_cmpint (alice->first_order_at, ==, 1714536000);   /* 2024-05-01 12:00 +08 */
  g_assert_cmpint (alice->last_order_at, ==, 1719799200);    /* 2024-07-01 10:00 +08 */
  g_assert_cmpstr (alice->province, ==, "浙江省");
  g_assert_cmpstr (alice->address, ==, "文三路100号");

  orders = sd_customers_get_orders (f->session, alice->id, NULL);
  g_assert_cmpuint (orders->len, ==, 3);
  latest = g_ptr_array_index (orders, 0);
  g_assert_cmpstr (latest->platform_order_id, ==, "1234567890123456792");
  g_assert_cmpstr (latest->status, ==, "WAIT_BUYER_PAY");
  g_assert_cmpuint (latest->items->len, ==, 1);
  g_assert_cmpstr (((SdOrderItem *) g_ptr_array_index (latest->items, 0))->title, ==, "茶杯");

  /* Refunded in full: not spend, but a refund. */
  zhang = find_one (f, "张三丰");
  g_assert_cmpint (zhang->total_spent_cents, ==, 0);
  g_assert_cmpint (zhang->order_count, ==, 0);
  g_assert_cmpint (zhang->refund_count, ==, 1);
  g_assert_cmpstr (zhang->phone, ==, "+8613900001111");
}

static void
test_reimport_changes_nothing (Fixture       *f,
                               gconstpointer  data)
{
  g_autofree char *customers = write_file (f, "customers.csv", customers_csv, -1);
  g_autofree char *orders = write_gb18030 (f, "orders.csv", orders_csv);

  {
    g_autoptr(SdImportResult) r1 = import (f, customers, SD_IMPORT_CUSTOMERS, SD_IMPORT_ABORT_ON_ERROR, NULL);
    g_autoptr(SdImportResult) r2 = import (f, orders, SD_IMPORT_ORDERS, SD_IMPORT_ABORT_ON_ERROR, NULL);
    g_assert_cmpuint (r1->inserted, ==, 3);
    g_assert_cmpuint (r2->inserted, ==, 5);
    /* tb_alice and lily_chen exist already; only 张三丰 is new. */
    g_assert_cmpuint (r2->customers_created, ==, 1);
  }
  {
    g_autoptr(SdImportResult) again1 = import (f, customers, SD_IMPORT_CUSTOMERS, SD_IMPORT_ABORT_ON_ERROR, NULL);
    g_autoptr(SdImportResult) again2 = import (f, orders, SD_IMPORT_ORDERS, SD_IMPORT_ABORT_ON_ERROR, NULL);
    g_assert_cmpuint (again1->inserted, ==, 0);
    g_assert_cmpuint (again1->updated, ==, 0);
    g_assert_cmpuint (again1->unchanged, ==, 3);
    g_assert_cmpuint (again2->inserted, ==, 0);
    g_assert_cmpuint (again2->updated, ==, 0);
    g_assert_cmpuint (again2->unchanged, ==, 5);
    g_assert_cmpuint (again2->customers_created, ==, 0);
  }
  g_assert_cmpint (count_all (f), ==, 4);
  g_assert_cmpint (sd_customers_count_orders (f->session), ==, 5);
}

static void
test_duplicates_in_file (Fixture       *f,
                         gconstpointer  data)
{
  g_autofree char *path = write_file (f, "dups.csv",
                                      "nick,name,phone,city\n"
                                      "tb_a,,13800000001,\n"
                                      "tb_a,阿明,,杭州市\n"
                                      ",无名,13800000001,\n"
                                      "tb_b,,13800000001,\n", -1);
  g_autoptr(SdImportResult) result = import (f, path, SD_IMPORT_CUSTOMERS, SD_IMPORT_ABORT_ON_ERROR, NULL);
  g_autoptr(SdCustomer) a = NULL;

  /* Same nick: one customer. No nick but the same phone: that customer. Another nick with
   * the same phone: another buyer (a family shares a number). */
  g_assert_cmpuint (result->inserted, ==, 2);
  g_assert_cmpuint (result->updated, ==, 2);
  g_assert_cmpint (count_all (f), ==, 2);
  a = find_one (f, "tb_a");
  g_assert_cmpstr (a->name, ==, "无名");
  g_assert_cmpstr (a->city, ==, "杭州市");
  g_assert_cmpstr (a->phone, ==, "+8613800000001");
  /* Loaded without the trigger, graded at the end like everyone. */
  assert_standing_whole (f);
  g_assert_cmpint (_sd_db_query_int (f->db, "SELECT count(*) FROM customer_standing WHERE tier < 0", -1), ==, 0);
  {
    g_autoptr(GError) error = NULL;
    g_autoptr(SdCustomer) c = sd_customer_new ();
    g_free (c->nick);
    c->nick = g_strdup ("tb_after");
    g_assert_true (sd_customers_save (f->session, c, NULL, &error));
    g_assert_no_error (error);
  }
  assert_standing_whole (f);
}

static gboolean
has_tag (const SdCustomer *c,
         const char       *tag)
{
  for (guint i = 0; i < c->tags->len; i++)
    if (g_str_equal (g_ptr_array_index (c->tags, i), tag))
      return TRUE;
  return FALSE;
}

/* A load into an empty shop (on a team database its rows are held back and sent with COPY,
 * in large parts) keeps what a statement a row would: ids in the file's order, a tag given
 * twice kept once, a note's tab, backslash and line break, a later row's tag and note for
 * a customer of the rows just before; and the next customer added follows the last one
 * loaded, with no ids skipped. */
static void
test_bulk_rows_as_written (Fixture       *f,
                           gconstpointer  data)
{
  g_autofree char *path = write_file (f, "bulk.csv",
                                      "买家会员名,姓名,手机,标签,备注\n"
                                      "tb_one,张三,13800000011,VIP;VIP;老客户,\"第一\t条\\备注\n第二行\"\n"
                                      "tb_two,李四,,,\n"
                                      "tb_one,,,新标签,再来一条\n"
                                      "tb_three,王五,13800000033,,\n", -1);
  g_autoptr(SdImportResult) result = import (f, path, SD_IMPORT_CUSTOMERS, SD_IMPORT_ABORT_ON_ERROR, NULL);
  g_autoptr(SdCustomer) one = NULL, two = NULL, three = NULL;
  g_autoptr(SdCustomer) after = sd_customer_new ();
  g_autoptr(GError) error = NULL;
  SdNote *note;

  g_assert_cmpuint (result->errors->len, ==, 0);
  g_assert_cmpuint (result->inserted, ==, 3);
  g_assert_cmpuint (result->updated, ==, 1);
  one = find_one (f, "tb_one");
  two = find_one (f, "tb_two");
  three = find_one (f, "tb_three");
  g_assert_cmpint (two->id, ==, one->id + 1);
  g_assert_cmpint (three->id, ==, two->id + 1);

  g_assert_cmpuint (one->tags->len, ==, 3);
  g_assert_true (has_tag (one, "VIP") && has_tag (one, "老客户") && has_tag (one, "新标签"));
  g_assert_cmpuint (one->notes->len, ==, 2);
  note = g_ptr_array_index (one->notes, 0);
  g_assert_cmpstr (note->body, ==, "第一\t条\\备注\n第二行");
  note = g_ptr_array_index (one->notes, 1);
  g_assert_cmpstr (note->body, ==, "再来一条");
  g_assert_cmpstr (one->phone, ==, "+8613800000011");
  g_assert_cmpuint (two->tags->len, ==, 0);
  g_assert_cmpuint (two->notes->len, ==, 0);
  assert_standing_whole (f);

  g_free (after->nick);
  after->nick = g_strdup ("tb_after");
  g_assert_true (sd_customers_save (f->session, after, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpint (after->id, ==, three->id + 1);
}

static void
test_masked_never_overwrites (Fixture       *f,
                              gconstpointer  data)
{
  g_autofree char *first = write_file (f, "a.csv", "nick,name,phone\ntb_a,王芳,13812345678\n", -1);
  g_autofree char *second = write_file (f, "b.csv", "nick,name,phone\ntb_a,王*,138****5678\n", -1);
  g_autoptr(SdImportResult) r1 = import (f, first, SD_IMPORT_CUSTOMERS, SD_IMPORT_ABORT_ON_ERROR, NULL);
  g_autoptr(SdImportResult) r2 = import (f, second, SD_IMPORT_CUSTOMERS, SD_IMPORT_ABORT_ON_ERROR, NULL);
  g_autoptr(SdCustomer) a = find_one (f, "tb_a");

  g_assert_cmpuint (r1->inserted, ==, 1);
  g_assert_cmpuint (r2->unchanged, ==, 1);
  g_assert_cmpstr (a->name, ==, "王芳");
  g_assert_cmpstr (a->phone, ==, "+8613812345678");
  g_assert_cmpint (a->phone_state, ==, SD_PHONE_VALID);
}

typedef struct
{
  guint       row;
  const char *column;
  const char *fragment;
} Expected;

static void
assert_issues (SdImportResult *result,
               const Expected *expected,
               guint           n)
{
  g_assert_cmpuint (result->errors->len, ==, n);
  for (guint i = 0; i < n; i++)
    {
      SdImportIssue *issue = g_ptr_array_index (result->errors, i);
      g_assert_cmpuint (issue->row, ==, expected[i].row);
      g_assert_cmpstr (issue->column, ==, expected[i].column);
      if (strstr (issue->message, expected[i].fragment) == NULL)
        g_error ("row %u: “%s” does not say “%s”", issue->row, issue->message, expected[i].fragment);
    }
}

static const char bad_orders_csv[] =
  "订单编号,买家会员名,买家实际支付金额,订单状态,订单创建时间,退款状态,宝贝总数量,联系手机\n"
  "1001,tb_a,12.50,交易成功,2024-05-01 12:00:00,,1,\n"
  "1002,tb_a,abc,交易成功,2024-05-01 12:00:00,,1,\n"
  "1003,tb_b,1.234,交易成功,2024-05-01 12:00:00,,1,\n"
  "1004,tb_c,5.00,交易成功,2024-13-45 99:00,,1,\n"
  ",tb_d,5.00,交易成功,2024-05-01 12:00:00,,1,\n"
  "1006,,5.00,交易成功,2024-05-01 12:00:00,,1,\n"
  "1007,tb_e,5.00,交易成功,2024-05-01 12:00:00,退了一半吧,1,\n"
  "1008,tb_f,5.00,交易成功,2024-05-01 12:00:00,,两个,\n"
  "1009,tb_g,5.00,交易成功,2024-05-01 12:00:00,,1,,extra\n"
  "1010,tb_h,\"7.00\"x,交易成功,2024-05-01 12:00:00,,1,\n"
  "1011,,5.00,交易成功,2024-05-01 12:00:00,,1,138****0000\n"
  "1012,tb_i,-5.00,交易成功,2024-05-01 12:00:00,,1,\n"
  "1013,tb_j,9.90,交易成功,2024-05-01 12:00:00,,1,\n";

static const Expected bad_orders_expected[] = {
  { 3, "买家实际支付金额", "not an amount of money" },
  { 4, "买家实际支付金额", "more than two decimals" },
  { 5, "订单创建时间", "not a date and time" },
  { 6, "订单编号", "order number is empty" },
  { 7, "买家会员名", "neither a buyer nick nor a mobile number" },
  { 8, "退款状态", "not a refund state" },
  { 9, "宝贝总数量", "not a whole number" },
  { 10, "", "cells but the header only 8 columns" },
  { 11, "", "row 11, column 3" },
  { 12, "买家会员名", "masked or invalid" },
  { 13, "买家实际支付金额", "negative" },
};

static void
test_errors_abort (Fixture       *f,
                   gconstpointer  data)
{
  g_autofree char *path = write_file (f, "bad.csv", bad_orders_csv, -1);
  g_autoptr(SdImportResult) result = import (f, path, SD_IMPORT_ORDERS, SD_IMPORT_ABORT_ON_ERROR, NULL);

  assert_issues (result, bad_orders_expected, G_N_ELEMENTS (bad_orders_expected));
  g_assert_true (result->rolled_back);
  g_assert_cmpuint (result->inserted, ==, 0);
  g_assert_cmpint (count_all (f), ==, 0);
  g_assert_cmpint (sd_customers_count_orders (f->session), ==, 0);
  assert_standing_whole (f);
}

static void
test_errors_skip (Fixture       *f,
                  gconstpointer  data)
{
  g_autofree char *path = write_file (f, "bad.csv", bad_orders_csv, -1);
  g_autoptr(SdImportResult) result = import (f, path, SD_IMPORT_ORDERS, SD_IMPORT_SKIP_BAD_ROWS, NULL);

  assert_issues (result, bad_orders_expected, G_N_ELEMENTS (bad_orders_expected));
  g_assert_false (result->rolled_back);
  g_assert_cmpuint (result->rows, ==, 13);
  g_assert_cmpuint (result->skipped, ==, 11);
  g_assert_cmpuint (result->inserted, ==, 2);
  g_assert_cmpint (sd_customers_count_orders (f->session), ==, 2);
}

static void
test_customer_errors (Fixture       *f,
                      gconstpointer  data)
{
  g_autofree char *path = write_file (f, "bad.csv",
                                      "nick,email,gender,birthday\n"
                                      "tb_a,not-an-email,,\n"
                                      "tb_b,,maybe,\n"
                                      "tb_c,,,1990-02-30\n"
                                      "tb_d,d@example.com,女,19900101\n", -1);
  g_autoptr(SdImportResult) result = import (f, path, SD_IMPORT_CUSTOMERS, SD_IMPORT_SKIP_BAD_ROWS, NULL);
  static const Expected expected[] = {
    { 2, "email", "not an email address" },
    { 3, "gender", "not a gender" },
    { 4, "birthday", "not a date" },
  };
  g_autoptr(SdCustomer) d = NULL;

  assert_issues (result, expected, G_N_ELEMENTS (expected));
  g_assert_cmpuint (result->inserted, ==, 1);
  d = find_one (f, "tb_d");
  g_assert_cmpstr (d->birthday, ==, "1990-01-01");
}

static void
test_unterminated_quote (Fixture       *f,
                         gconstpointer  data)
{
  g_autofree char *path = write_file (f, "bad.csv", "nick,name\ntb_a,A\ntb_b,\"never closed\ntb_c,C\n", -1);
  g_autoptr(SdImportResult) result = import (f, path, SD_IMPORT_CUSTOMERS, SD_IMPORT_SKIP_BAD_ROWS, NULL);
  SdImportIssue *issue;

  g_assert_cmpuint (result->errors->len, ==, 1);
  issue = g_ptr_array_index (result->errors, 0);
  g_assert_cmpuint (issue->row, ==, 3);
  g_assert_nonnull (strstr (issue->message, "never closed"));
  g_assert_cmpuint (result->inserted, ==, 1);
}

static void
test_mapping (Fixture       *f,
              gconstpointer  data)
{
  g_autofree char *path = write_file (f, "odd.csv", "客户ID,联络号码,随便\nwx_01,13800000009,x\n", -1);
  char *bad_field[] = { "客户ID=nickname", NULL };
  char *bad_column[] = { "没有这列=nick", NULL };
  char *good[] = { "客户ID=nick", "2=phone", NULL };
  g_autoptr(GError) error = NULL;
  SdImportOptions options = { SD_IMPORT_CUSTOMERS, SD_ENCODING_AUTO, SD_IMPORT_ABORT_ON_ERROR, NULL, 0, NULL };
  SdImportResult *none;

  /* Nothing identifies a customer until the columns are named. */
  none = sd_import_file (f->session, path, &options, NULL, NULL, NULL, &error);
  g_assert_null (none);
  g_assert_error (error, SD_ERROR, SD_ERROR_INVALID_INPUT);
  g_assert_nonnull (strstr (error->message, "--map"));
  g_clear_error (&error);

  options.mappings = bad_field;
  g_assert_null (sd_import_file (f->session, path, &options, NULL, NULL, NULL, &error));
  g_assert_error (error, SD_ERROR, SD_ERROR_INVALID_INPUT);
  g_assert_nonnull (strstr (error->message, "nickname"));
  g_clear_error (&error);

  options.mappings = bad_column;
  g_assert_null (sd_import_file (f->session, path, &options, NULL, NULL, NULL, &error));
  g_assert_error (error, SD_ERROR, SD_ERROR_INVALID_INPUT);
  g_assert_nonnull (strstr (error->message, "没有这列"));
  g_clear_error (&error);

  {
    g_autoptr(SdImportResult) result = import (f, path, SD_IMPORT_CUSTOMERS, SD_IMPORT_ABORT_ON_ERROR, good);
    g_autoptr(SdCustomer) c = find_one (f, "wx_01");
    g_assert_cmpuint (result->inserted, ==, 1);
    g_assert_cmpstr (c->phone, ==, "+8613800000009");
  }
}

/* The column order of Taobao's 订单报表 as the seller centre exports it. */
static void
test_best_column_wins (Fixture       *f,
                       gconstpointer  data)
{
  g_autofree char *path = write_gb18030 (f, "ExportOrderList.csv",
      "订单编号,买家会员名,买家支付宝账号,支付单号,买家应付货款,买家应付邮费,买家支付积分,总金额,返点积分,"
      "买家实际支付金额,买家实际支付积分,订单状态,买家留言,收货人姓名,收货地址 ,运送方式,联系电话 ,联系手机,"
      "订单创建时间,订单付款时间 ,宝贝标题 ,宝贝种类 ,物流单号 ,物流公司,订单备注,宝贝总数量,店铺Id,店铺名称\r\n"
      "=\"3301234567890123456\",青青子衿88,qq***@163.com,2024050122001,168.00,0.00,0,168.00,0,"
      "158.00,0,交易成功,,林青,\"福建省 厦门市 思明区 鹭江道8号(361001)\",快递,,'13959201234,"
      "2024-05-01 20:15:33,2024-05-01 20:16:01,正山小种 红茶 礼盒装 250g,1,=\"YT123\",圆通速递,,1,123,茶铺\r\n");
  g_autoptr(SdImportResult) result = import (f, path, SD_IMPORT_ORDERS, SD_IMPORT_ABORT_ON_ERROR, NULL);
  g_autoptr(SdCustomer) c = find_one (f, "青青子衿88");

  g_assert_cmpuint (result->errors->len, ==, 0);
  g_assert_cmpuint (result->inserted, ==, 1);
  g_assert_cmpint (c->total_spent_cents, ==, 15800);
  g_assert_cmpstr (c->phone, ==, "+8613959201234");
  g_assert_cmpstr (c->name, ==, "林青");
  g_assert_cmpstr (c->city, ==, "厦门市");

  /* --map overrides the recognised column. */
  {
    char *mappings[] = { "总金额=amount", NULL };
    g_autofree char *dir2 = sd_test_shop_where (f->dir, "second.db");
    g_autoptr(SdSession) session2 = sd_test_new_shop (dir2);
    SdImportOptions options = { SD_IMPORT_ORDERS, SD_ENCODING_AUTO, SD_IMPORT_ABORT_ON_ERROR, mappings, 0, NULL };
    g_autoptr(SdImportResult) r2 = sd_import_file (session2, path, &options, NULL, NULL, NULL, NULL);
    g_autoptr(SdCustomerQuery) query = sd_customer_query_new ();
    g_autoptr(GPtrArray) rows = sd_customers_find (session2, query, NULL, 10, NULL);

    g_assert_cmpuint (r2->inserted, ==, 1);
    g_assert_cmpuint (rows->len, ==, 1);
    g_assert_cmpint (((SdCustomer *) g_ptr_array_index (rows, 0))->total_spent_cents, ==, 16800);
  }
}

/* A member list as the customer-operations centre exports it: the region in one column,
 * the street in another, and figures ShopDesk works out itself. */
static void
test_region_column (Fixture       *f,
                    gconstpointer  data)
{
  g_autofree char *path = write_file (f, "members.csv",
                                      "会员名,手机号码,所在地区,详细地址,会员等级,累计消费金额,最近购买时间\r\n"
                                      "wx_chen,13812340000,浙江省 杭州市 西湖区,文三路1号,VIP会员,1234.00,2024-05-01\r\n", -1);
  g_autoptr(SdImportResult) result = import (f, path, SD_IMPORT_CUSTOMERS, SD_IMPORT_ABORT_ON_ERROR, NULL);
  g_autoptr(SdCustomer) c = find_one (f, "wx_chen");

  g_assert_cmpuint (result->inserted, ==, 1);
  g_assert_cmpstr (c->province, ==, "浙江省");
  g_assert_cmpstr (c->city, ==, "杭州市");
  g_assert_cmpstr (c->district, ==, "西湖区");
  g_assert_cmpstr (c->address, ==, "文三路1号");
  /* Spend comes from orders, never from a number in a list. */
  g_assert_cmpint (c->total_spent_cents, ==, 0);
  g_assert_cmpstr (g_ptr_array_index (result->columns, 4), ==, "会员等级 → ignore");
  g_assert_cmpstr (g_ptr_array_index (result->columns, 5), ==, "累计消费金额 → ignore");
}

/* A title line above the header, as some report exports have it. */
static void
test_title_above_header (Fixture       *f,
                         gconstpointer  data)
{
  g_autofree char *path = write_gb18030 (f, "titled.csv",
                                         "订单列表（导出时间 2024-05-01）\r\n"
                                         "订单编号,买家会员名,买家实际支付金额,订单创建时间\r\n"
                                         "1001,tb_a,12.50,2024-05-01 12:00:00\r\n"
                                         "1002,tb_b,abc,2024-05-01 12:00:00\r\n");
  g_autoptr(SdImportResult) result = import (f, path, SD_IMPORT_ORDERS, SD_IMPORT_SKIP_BAD_ROWS, NULL);
  SdImportIssue *issue;

  g_assert_cmpuint (result->inserted, ==, 1);
  g_assert_cmpuint (result->errors->len, ==, 1);
  /* Rows are still numbered as Excel shows them. */
  issue = g_ptr_array_index (result->errors, 0);
  g_assert_cmpuint (issue->row, ==, 4);
  g_assert_cmpstr (issue->column, ==, "买家实际支付金额");
}

static void
test_orders_need_columns (Fixture       *f,
                          gconstpointer  data)
{
  g_autofree char *path = write_file (f, "o.csv", "买家会员名,买家实际支付金额\ntb_a,1.00\n", -1);
  g_autoptr(GError) error = NULL;
  SdImportOptions options = { SD_IMPORT_ORDERS, SD_ENCODING_AUTO, SD_IMPORT_ABORT_ON_ERROR, NULL, 0, NULL };

  g_assert_null (sd_import_file (f->session, path, &options, NULL, NULL, NULL, &error));
  g_assert_error (error, SD_ERROR, SD_ERROR_INVALID_INPUT);
  g_assert_nonnull (strstr (error->message, "订单编号"));
}

static void
test_item_rows_join (Fixture       *f,
                     gconstpointer  data)
{
  g_autofree char *path = write_file (f, "items.csv",
                                      "order_id,nick,amount,created_at,item_title,item_quantity,item_price\n"
                                      "T1,tb_a,30.00,2024-01-01 10:00:00,茶杯,2,10.00\n"
                                      "T1,tb_a,30.00,2024-01-01 10:00:00,茶盘,1,10.00\n"
                                      "T2,tb_a,5.00,2024-01-02 10:00:00,茶巾,1,5.00\n", -1);
  g_autoptr(SdImportResult) result = import (f, path, SD_IMPORT_ORDERS, SD_IMPORT_ABORT_ON_ERROR, NULL);
  g_autoptr(SdCustomer) a = find_one (f, "tb_a");
  g_autoptr(GPtrArray) orders = sd_customers_get_orders (f->session, a->id, NULL);
  SdOrder *t1 = g_ptr_array_index (orders, 1);

  g_assert_cmpuint (result->inserted, ==, 2);
  g_assert_cmpuint (orders->len, ==, 2);
  g_assert_cmpstr (t1->platform_order_id, ==, "T1");
  g_assert_cmpuint (t1->items->len, ==, 2);
  g_assert_cmpint (((SdOrderItem *) g_ptr_array_index (t1->items, 0))->quantity, ==, 2);
  g_assert_cmpint (((SdOrderItem *) g_ptr_array_index (t1->items, 1))->unit_price_cents, ==, 1000);
  g_assert_cmpint (a->total_spent_cents, ==, 3500);
}

static void
test_order_twice_apart (Fixture       *f,
                        gconstpointer  data)
{
  g_autofree char *path = write_file (f, "twice.csv",
                                      "order_id,nick,amount,created_at\n"
                                      "T1,tb_a,10.00,2024-01-01 10:00:00\n"
                                      "T2,tb_a,20.00,2024-01-02 10:00:00\n"
                                      "T1,tb_a,15.00,2024-01-01 10:00:00\n", -1);
  g_autoptr(SdImportResult) result = import (f, path, SD_IMPORT_ORDERS, SD_IMPORT_ABORT_ON_ERROR, NULL);
  g_autoptr(SdCustomer) a = find_one (f, "tb_a");

  /* The later row of an order stands, as a re-import of it would. */
  g_assert_cmpuint (result->inserted, ==, 2);
  g_assert_cmpuint (result->updated, ==, 1);
  g_assert_cmpint (sd_customers_count_orders (f->session), ==, 2);
  g_assert_cmpint (a->total_spent_cents, ==, 3500);
  g_assert_cmpint (a->order_count, ==, 2);
}

static void
test_partial_refund (Fixture       *f,
                     gconstpointer  data)
{
  g_autofree char *path = write_file (f, "refunds.csv",
                                      "订单编号,买家会员名,买家实际支付金额,订单状态,订单创建时间,订单付款时间,退款金额\n"
                                      "R1,tb_r,100.00,交易成功,2024-01-01 10:00:00,2024-01-01 10:01:00,30.00\n"
                                      "R2,tb_r,50.00,交易成功,2024-01-02 10:00:00,2024-01-02 10:01:00,\n"
                                      "R3,tb_r,20.00,交易成功,2024-01-03 10:00:00,2024-01-03 10:01:00,25.00\n", -1);
  g_autoptr(SdImportResult) result = import (f, path, SD_IMPORT_ORDERS, SD_IMPORT_SKIP_BAD_ROWS, NULL);
  g_autoptr(SdCustomer) r = find_one (f, "tb_r");
  g_autoptr(GPtrArray) orders = sd_customers_get_orders (f->session, r->id, NULL);
  SdOrder *r1 = g_ptr_array_index (orders, 1);
  SdImportIssue *issue;

  g_assert_cmpuint (result->inserted, ==, 2);
  g_assert_cmpuint (result->errors->len, ==, 1);
  issue = g_ptr_array_index (result->errors, 0);
  g_assert_cmpuint (issue->row, ==, 4);
  g_assert_cmpstr (issue->column, ==, "退款金额");
  g_assert_nonnull (strstr (issue->message, "larger than the amount paid"));

  /* What the buyer kept paying is what they spent. */
  g_assert_cmpstr (r1->platform_order_id, ==, "R1");
  g_assert_cmpstr (r1->refund_state, ==, "partial");
  g_assert_cmpint (r1->refund_cents, ==, 3000);
  g_assert_cmpint (r->total_spent_cents, ==, 12000);
  g_assert_cmpint (r->order_count, ==, 2);
  g_assert_cmpint (r->refund_count, ==, 1);
}

static char *
write_big_csv (Fixture *f,
               guint    n)
{
  g_autoptr(GString) text = g_string_new ("nick,name,phone,city\n");
  g_autofree char *path = g_build_filename (f->dir, "big.csv", NULL);

  for (guint i = 0; i < n; i++)
    g_string_append_printf (text, "buyer%06u,顾客%u,138%08u,杭州市\n", i, i, i);
  g_assert_true (g_file_set_contents (path, text->str, (gssize) text->len, NULL));
  return g_steal_pointer (&path);
}

static char *
cli_path (void)
{
  return g_build_filename (g_getenv ("SHOPDESK_BUILD_ROOT"), "src", "cli", "shopdesk-cli", NULL);
}

/* Starts the CLI importing in batches of 200 and kills it once some batches are in. */
static void
import_and_kill (Fixture    *f,
                 const char *csv,
                 gboolean    wait_for_batches)
{
  g_autofree char *cli = cli_path ();
  g_autoptr(GError) error = NULL;
  const char *argv[] = { cli, "--db", f->db_path, "--user", SD_TEST_OWNER, "import", "customers", csv, "--on-error", "skip",
                         "--batch", "200", "--json", NULL };
  GPid pid;
  int status = 0;

  g_assert_true (g_spawn_async (NULL, (char **) argv, NULL, G_SPAWN_DO_NOT_REAP_CHILD | G_SPAWN_STDOUT_TO_DEV_NULL,
                                NULL, NULL, &pid, &error));
  g_assert_no_error (error);
  /* Kill once the work is visibly under way: committed batches in the journal, or, for a
   * one-transaction import, its write-ahead log growing. */
  for (guint tries = 0; tries < 20000; tries++)
    {
      gboolean under_way;
      if (wait_for_batches)
        under_way = _sd_db_query_int (f->db, "SELECT coalesce (max (rows_done), 0) FROM import_runs "
                                             "WHERE finished_at = 0", 0) >= 2000;
      else if (sd_test_is_team ())
        {
          /* A sequence moves on outside transactions: the ids drawn show the rows going in. */
          under_way = _sd_db_query_int (f->db, "SELECT last_value FROM customers_id_seq", 0) > 5000;
        }
      else
        {
          g_autofree char *wal = g_strconcat (f->db_path, "-wal", NULL);
          GStatBuf st;
          under_way = g_stat (wal, &st) == 0 && st.st_size > 1024 * 1024;
        }
      if (under_way)
        break;
      g_usleep (1000);
    }
  kill (pid, SIGKILL);
  g_assert_cmpint (waitpid (pid, &status, 0), ==, pid);
  g_spawn_close_pid (pid);
  g_assert_true (WIFSIGNALED (status));
}

static void
test_kill_and_resume (Fixture       *f,
                      gconstpointer  data)
{
  const guint n = 30000;
  g_autofree char *csv = write_big_csv (f, n);
  g_autoptr(GError) error = NULL;
  g_autofree char *report = NULL;
  gint64 before;

  /* A shop that has customers imports in committed batches, with a journal. */
  {
    g_autofree char *p = write_file (f, "seed.csv", "nick,name\nexisting,已有\n", -1);
    g_autoptr(SdImportResult) r = import (f, p, SD_IMPORT_CUSTOMERS, SD_IMPORT_ABORT_ON_ERROR, NULL);
    g_assert_cmpuint (r->inserted, ==, 1);
  }

  import_and_kill (f, csv, TRUE);

  /* Whatever the kill interrupted, the file is consistent and holds whole batches. */
  g_assert_true (sd_db_integrity_check (f->db, &report, &error));
  g_assert_no_error (error);
  before = count_all (f) - 1;
  g_assert_cmpint (before, >=, 2000);
  g_assert_cmpint (before, <, n);
  g_assert_cmpint (before % 200, ==, 0);

  {
    SdImportOptions options = { SD_IMPORT_CUSTOMERS, SD_ENCODING_AUTO, SD_IMPORT_SKIP_BAD_ROWS, NULL, 200, NULL };
    g_autoptr(SdImportResult) result = sd_import_file (f->session, csv, &options, NULL, NULL, NULL, &error);
    g_assert_no_error (error);
    /* The second run neither redoes nor loses the first one's rows. */
    g_assert_cmpuint (result->resumed_rows, ==, (guint64) before);
    g_assert_cmpuint (result->inserted, ==, n);
    g_assert_cmpuint (result->updated, ==, 0);
    g_assert_cmpuint (result->rows, ==, n);
  }
  g_assert_cmpint (count_all (f), ==, n + 1);
  g_assert_cmpint (_sd_db_query_int (f->db, "SELECT count(DISTINCT nick) FROM customers", 0), ==, n + 1);
  {
    g_autoptr(SdCustomer) last = find_one (f, "buyer029999");
    g_assert_cmpstr (last->phone, ==, "+8613800029999");
  }

  /* A third run finds nothing to do. */
  {
    SdImportOptions options = { SD_IMPORT_CUSTOMERS, SD_ENCODING_AUTO, SD_IMPORT_SKIP_BAD_ROWS, NULL, 200, NULL };
    g_autoptr(SdImportResult) result = sd_import_file (f->session, csv, &options, NULL, NULL, NULL, &error);
    g_assert_no_error (error);
    g_assert_cmpuint (result->resumed_rows, ==, 0);
    g_assert_cmpuint (result->inserted, ==, 0);
    g_assert_cmpuint (result->unchanged, ==, n);
  }
}

static void
test_kill_bulk (Fixture       *f,
                gconstpointer  data)
{
  const guint n = 60000;
  g_autofree char *csv = write_big_csv (f, n);
  g_autoptr(GError) error = NULL;
  g_autofree char *report = NULL;

  /* Into an empty shop the import is one transaction: a kill leaves nothing of it. */
  import_and_kill (f, csv, FALSE);
  g_assert_true (sd_db_integrity_check (f->db, &report, &error));
  g_assert_cmpint (count_all (f), ==, 0);
  g_assert_true (sd_test_has_index (f->db, "customers_phone"));
  assert_standing_whole (f);

  {
    g_autoptr(SdImportResult) result = import (f, csv, SD_IMPORT_CUSTOMERS, SD_IMPORT_SKIP_BAD_ROWS, NULL);
    g_assert_cmpuint (result->inserted, ==, n);
  }
  g_assert_cmpint (count_all (f), ==, n);
  {
    g_autoptr(SdCustomer) c = find_one (f, "buyer059999");
    g_assert_cmpstr (c->name, ==, "顾客59999");
  }
  assert_standing_whole (f);
}

static void
test_cancel_keeps_batches (Fixture       *f,
                           gconstpointer  data)
{
  g_autofree char *csv = write_big_csv (f, 5000);
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GError) error = NULL;
  SdImportOptions options = { SD_IMPORT_CUSTOMERS, SD_ENCODING_AUTO, SD_IMPORT_SKIP_BAD_ROWS, NULL, 100, NULL };

  g_cancellable_cancel (cancellable);
  g_assert_null (sd_import_file (f->session, csv, &options, NULL, NULL, cancellable, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_cmpint (count_all (f), ==, 0);
  g_assert_false (sd_db_in_transaction (f->db));
}

static void
cancel_after_first_progress (const SdImportProgress *progress,
                             gpointer                user_data)
{
  if (progress->rows >= 4000)
    g_cancellable_cancel (user_data);
}

static void
test_cancel_midway_resumes (Fixture       *f,
                            gconstpointer  data)
{
  const guint n = 20000;
  g_autofree char *csv = write_big_csv (f, n);
  g_autofree char *seed = write_file (f, "seed.csv", "nick,name\nexisting,已有\n", -1);
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GError) error = NULL;
  SdImportOptions options = { SD_IMPORT_CUSTOMERS, SD_ENCODING_AUTO, SD_IMPORT_SKIP_BAD_ROWS, NULL, 100, NULL };
  gint64 kept;

  {
    g_autoptr(SdImportResult) r = import (f, seed, SD_IMPORT_CUSTOMERS, SD_IMPORT_ABORT_ON_ERROR, NULL);
    g_assert_cmpuint (r->inserted, ==, 1);
  }
  /* Stopped from the progress callback while the reader thread is ahead of the writer. */
  g_assert_null (sd_import_file (f->session, csv, &options, cancel_after_first_progress, cancellable, cancellable, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_clear_error (&error);
  g_assert_false (sd_db_in_transaction (f->db));
  kept = count_all (f) - 1;
  g_assert_cmpint (kept, >=, 3900);
  g_assert_cmpint (kept, <, n);
  g_assert_cmpint (kept % 100, ==, 0);

  {
    g_autoptr(SdImportResult) result = sd_import_file (f->session, csv, &options, NULL, NULL, NULL, &error);
    g_assert_no_error (error);
    g_assert_cmpuint (result->resumed_rows, ==, (guint64) kept);
    g_assert_cmpuint (result->inserted, ==, n);
  }
  g_assert_cmpint (count_all (f), ==, n + 1);
}

/* ---- the preview ---- */

static SdImportPreview *
preview (const char   *path,
         SdImportKind  kind,
         SdEncoding    encoding,
         char        **mappings)
{
  g_autoptr(GError) error = NULL;
  SdImportOptions options = { kind, encoding, SD_IMPORT_ABORT_ON_ERROR, mappings, 0, NULL };
  SdImportPreview *p = sd_import_preview (path, &options, 10, &error);

  g_assert_no_error (error);
  g_assert_nonnull (p);
  g_assert_cmpuint (p->fields->len, ==, p->headers->len);
  g_assert_cmpuint (p->row_numbers->len, ==, p->rows->len);
  return p;
}

static SdField
preview_field (SdImportPreview *p,
               const char      *header)
{
  for (guint i = 0; i < p->headers->len; i++)
    if (g_strcmp0 (g_ptr_array_index (p->headers, i), header) == 0)
      return g_array_index (p->fields, SdField, i);
  g_assert_not_reached ();
}

static const char *
preview_cell (SdImportPreview *p,
              guint            row,
              guint            column)
{
  GStrv cells = g_ptr_array_index (p->rows, row);

  g_assert_cmpuint (g_strv_length (cells), ==, p->headers->len);
  return cells[column];
}

static void
test_preview_gb18030 (Fixture       *f,
                      gconstpointer  data)
{
  g_autofree char *path = write_gb18030 (f, "gbk.csv",
                                         "会员名,姓名,手机号码,收货地址\r\n"
                                         "张三丰,张三丰,=\"13900001111\",\"江苏省 南京市 玄武区 中山路5号\"\r\n"
                                         "\r\n"
                                         "赵敏, 赵敏 ,'13700002222,北京 北京市 朝阳区 建国路1号\r\n");
  g_autofree char *bom_path = write_file (f, "bom.csv", customers_csv, -1);
  g_autoptr(SdImportPreview) p = preview (path, SD_IMPORT_CUSTOMERS, SD_ENCODING_AUTO, NULL);
  g_autoptr(SdImportPreview) bom = preview (bom_path, SD_IMPORT_CUSTOMERS, SD_ENCODING_AUTO, NULL);
  g_autoptr(GError) error = NULL;
  SdImportOptions forced = { SD_IMPORT_CUSTOMERS, SD_ENCODING_UTF8, SD_IMPORT_ABORT_ON_ERROR, NULL, 0, NULL };

  g_assert_cmpint (p->encoding, ==, SD_ENCODING_GB18030);
  g_assert_false (p->has_bom);
  g_assert_cmpuint (p->header_row, ==, 1);
  g_assert_cmpuint (p->headers->len, ==, 4);
  g_assert_cmpstr (g_ptr_array_index (p->headers, 0), ==, "会员名");
  g_assert_cmpint (p->kind_guess, ==, SD_IMPORT_CUSTOMERS);
  g_assert_null (p->problem);
  g_assert_cmpuint (p->issues->len, ==, 0);
  /* The blank line is passed over, but rows keep the numbers Excel gives them; cells are
   * cleaned as the import cleans them. */
  g_assert_cmpuint (p->rows->len, ==, 2);
  g_assert_cmpuint (g_array_index (p->row_numbers, guint, 0), ==, 2);
  g_assert_cmpuint (g_array_index (p->row_numbers, guint, 1), ==, 4);
  g_assert_cmpstr (preview_cell (p, 0, 2), ==, "13900001111");
  g_assert_cmpstr (preview_cell (p, 1, 1), ==, "赵敏");
  g_assert_cmpstr (preview_cell (p, 1, 2), ==, "13700002222");
  g_assert_cmpint (preview_field (p, "收货地址"), ==, SD_FIELD_FULL_ADDRESS);

  g_assert_cmpint (bom->encoding, ==, SD_ENCODING_UTF8);
  g_assert_true (bom->has_bom);
  g_assert_cmpuint (bom->rows->len, ==, 3);
  g_assert_cmpstr (g_ptr_array_index (bom->headers, 0), ==, "买家会员名");

  /* Forced to UTF-8, the GB18030 header cannot be read: said so, not shown as mojibake. */
  g_assert_null (sd_import_preview (path, &forced, 10, &error));
  g_assert_error (error, SD_ERROR, SD_ERROR_INVALID_INPUT);
  /* Forced to what it is, it reads as detected. */
  {
    g_autoptr(SdImportPreview) same = preview (path, SD_IMPORT_CUSTOMERS, SD_ENCODING_GB18030, NULL);
    g_assert_cmpint (same->encoding, ==, SD_ENCODING_GB18030);
    g_assert_cmpstr (preview_cell (same, 0, 0), ==, "张三丰");
  }
}

static void
test_preview_taobao_report (Fixture       *f,
                            gconstpointer  data)
{
  g_autofree char *path = write_gb18030 (f, "orders.csv", orders_csv);
  g_autofree char *titled = write_gb18030 (f, "titled.csv",
                                           "订单列表（导出时间 2024-05-01）\r\n"
                                           "订单编号,买家会员名,买家实际支付金额,订单创建时间\r\n"
                                           "1001,tb_a,12.50,2024-05-01 12:00:00\r\n"
                                           "1002,tb_b,abc,2024-05-01 12:00:00\r\n");
  g_autoptr(SdImportPreview) p = preview (path, SD_IMPORT_ORDERS, SD_ENCODING_AUTO, NULL);
  g_autoptr(SdImportPreview) as_customers = preview (path, SD_IMPORT_CUSTOMERS, SD_ENCODING_AUTO, NULL);
  g_autoptr(SdImportPreview) t = preview (titled, SD_IMPORT_ORDERS, SD_ENCODING_AUTO, NULL);
  SdImportIssue *issue;

  g_assert_cmpint (p->kind_guess, ==, SD_IMPORT_ORDERS);
  g_assert_null (p->problem);
  g_assert_cmpuint (p->rows->len, ==, 5);
  g_assert_cmpint (preview_field (p, "订单编号"), ==, SD_FIELD_ORDER_ID);
  g_assert_cmpint (preview_field (p, "买家会员名"), ==, SD_FIELD_NICK);
  g_assert_cmpint (preview_field (p, "买家实际支付金额"), ==, SD_FIELD_AMOUNT);
  g_assert_cmpint (preview_field (p, "买家应付货款"), ==, SD_FIELD_NONE);
  g_assert_cmpint (preview_field (p, "联系手机"), ==, SD_FIELD_PHONE);
  g_assert_cmpint (preview_field (p, "收货人姓名"), ==, SD_FIELD_NAME);
  /* Headers with a trailing space, as the report writes them. */
  g_assert_cmpint (preview_field (p, "收货地址"), ==, SD_FIELD_FULL_ADDRESS);
  g_assert_cmpint (preview_field (p, "订单付款时间"), ==, SD_FIELD_PAID_AT);
  g_assert_cmpint (preview_field (p, "宝贝标题"), ==, SD_FIELD_ITEM_TITLE);
  g_assert_cmpint (preview_field (p, "订单创建时间"), ==, SD_FIELD_CREATED_AT);
  g_assert_cmpstr (preview_cell (p, 0, 0), ==, "1234567890123456789");

  /* Read as a customers file, the order columns are passed over, and it is still
   * guessed to be orders. */
  g_assert_cmpint (as_customers->kind_guess, ==, SD_IMPORT_ORDERS);
  g_assert_cmpint (preview_field (as_customers, "订单编号"), ==, SD_FIELD_NONE);
  g_assert_cmpint (preview_field (as_customers, "买家实际支付金额"), ==, SD_FIELD_NONE);
  g_assert_cmpint (preview_field (as_customers, "订单创建时间"), ==, SD_FIELD_CREATED_AT);
  g_assert_cmpint (preview_field (as_customers, "买家会员名"), ==, SD_FIELD_NICK);

  /* A title line above the header: the header's row is where it is, and a bad row is
   * found with the number the import would give it. */
  g_assert_cmpuint (t->header_row, ==, 2);
  g_assert_cmpuint (g_array_index (t->row_numbers, guint, 0), ==, 3);
  g_assert_cmpuint (t->issues->len, ==, 1);
  issue = g_ptr_array_index (t->issues, 0);
  g_assert_cmpuint (issue->row, ==, 4);
  g_assert_cmpstr (issue->column, ==, "买家实际支付金额");
}

static void
test_preview_mapping (Fixture       *f,
                      gconstpointer  data)
{
  g_autofree char *path = write_file (f, "odd.csv", "客户ID,联络号码,手机\nwx_01,13800000009,13900000001\n", -1);
  char *by_name[] = { "客户ID=nick", "联络号码=phone", NULL };
  char *by_number[] = { "1=nick", "手机=ignore", NULL };
  char *bad[] = { "没有这列=nick", NULL };
  g_autoptr(SdImportPreview) plain = preview (path, SD_IMPORT_CUSTOMERS, SD_ENCODING_AUTO, NULL);
  g_autoptr(SdImportPreview) named = preview (path, SD_IMPORT_CUSTOMERS, SD_ENCODING_AUTO, by_name);
  g_autoptr(SdImportPreview) numbered = preview (path, SD_IMPORT_CUSTOMERS, SD_ENCODING_AUTO, by_number);
  g_autoptr(SdImportPreview) orders = preview (path, SD_IMPORT_ORDERS, SD_ENCODING_AUTO, by_name);
  g_autoptr(GError) error = NULL;
  SdImportOptions options = { SD_IMPORT_CUSTOMERS, SD_ENCODING_AUTO, SD_IMPORT_ABORT_ON_ERROR, bad, 0, NULL };

  g_assert_cmpint (preview_field (plain, "客户ID"), ==, SD_FIELD_NONE);
  g_assert_cmpint (preview_field (plain, "手机"), ==, SD_FIELD_PHONE);
  g_assert_null (plain->problem);

  /* Naming another column for the phone takes it from the recognised one. */
  g_assert_cmpint (preview_field (named, "客户ID"), ==, SD_FIELD_NICK);
  g_assert_cmpint (preview_field (named, "联络号码"), ==, SD_FIELD_PHONE);
  g_assert_cmpint (preview_field (named, "手机"), ==, SD_FIELD_NONE);
  g_assert_null (named->problem);

  g_assert_cmpint (preview_field (numbered, "客户ID"), ==, SD_FIELD_NICK);
  g_assert_cmpint (preview_field (numbered, "手机"), ==, SD_FIELD_IGNORE);

  /* The preview says what the import would refuse, in words for the window. */
  g_assert_nonnull (orders->problem);
  g_assert_nonnull (strstr (orders->problem, "订单编号"));
  g_assert_null (strstr (orders->problem, "--map"));
  {
    char *nothing[] = { "手机=ignore", NULL };
    g_autoptr(SdImportPreview) none = preview (path, SD_IMPORT_CUSTOMERS, SD_ENCODING_AUTO, nothing);
    g_assert_nonnull (none->problem);
    g_assert_nonnull (strstr (none->problem, "mobile number"));
    g_assert_cmpuint (none->issues->len, ==, 0);
  }

  g_assert_null (sd_import_preview (path, &options, 10, &error));
  g_assert_error (error, SD_ERROR, SD_ERROR_INVALID_INPUT);
  g_assert_nonnull (strstr (error->message, "没有这列"));
}

static void
test_preview_bad_files (Fixture       *f,
                        gconstpointer  data)
{
  g_autofree char *empty = write_file (f, "empty.csv", "", 0);
  g_autofree char *blank = write_file (f, "blank.csv", "\r\n\r\n", -1);
  g_autofree char *workbook = write_file (f, "book.csv", "PK\x03\x04 not really a zip", -1);
  g_autofree char *missing = g_build_filename (f->dir, "missing.csv", NULL);
  const char *paths[] = { empty, blank, workbook, missing };
  SdImportOptions options = { SD_IMPORT_CUSTOMERS, SD_ENCODING_AUTO, SD_IMPORT_SKIP_BAD_ROWS, NULL, 0, NULL };

  for (guint i = 0; i < G_N_ELEMENTS (paths); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(SdImportPreview) p = sd_import_preview (paths[i], &options, 10, &error);

      g_assert_null (p);
      g_assert_nonnull (error);
      g_assert_cmpstr (error->message, !=, "");
      if (i < 2)
        {
          g_assert_error (error, SD_ERROR, SD_ERROR_INVALID_INPUT);
          g_assert_nonnull (strstr (error->message, "empty"));
        }
      else if (i == 2)
        g_assert_nonnull (strstr (error->message, "Excel"));
    }
}

static void
test_preview_issues (Fixture       *f,
                     gconstpointer  data)
{
  g_autofree char *path = write_file (f, "c.csv",
                                      "nick,phone,email\n"
                                      "a1,13800000001,a@example.com\n"
                                      "a2,13800000002,not-an-email\n"
                                      "a3,13800000003,\n", -1);
  g_autoptr(SdImportPreview) p = preview (path, SD_IMPORT_CUSTOMERS, SD_ENCODING_AUTO, NULL);
  g_autoptr(SdImportResult) result = import (f, path, SD_IMPORT_CUSTOMERS, SD_IMPORT_SKIP_BAD_ROWS, NULL);
  SdImportIssue *seen, *imported;

  /* The preview finds exactly what the import reports. */
  g_assert_cmpuint (p->issues->len, ==, 1);
  g_assert_cmpuint (result->errors->len, ==, 1);
  seen = g_ptr_array_index (p->issues, 0);
  imported = g_ptr_array_index (result->errors, 0);
  g_assert_cmpuint (seen->row, ==, 3);
  g_assert_cmpuint (seen->row, ==, imported->row);
  g_assert_cmpstr (seen->column, ==, imported->column);
  g_assert_cmpstr (seen->message, ==, imported->message);
}

static void
test_field_choices (Fixture       *f,
                    gconstpointer  data)
{
  SdField choices[SD_N_FIELDS];
  guint n_customers = sd_field_list_mappable (SD_IMPORT_CUSTOMERS, choices);
  gboolean has_nick = FALSE, has_order = FALSE;

  for (guint i = 0; i < n_customers; i++)
    {
      g_assert_true (sd_field_is_read (choices[i], SD_IMPORT_CUSTOMERS));
      g_assert_cmpstr (sd_field_get_label (choices[i], SD_IMPORT_CUSTOMERS), !=, "");
      has_nick |= choices[i] == SD_FIELD_NICK;
      has_order |= choices[i] == SD_FIELD_ORDER_ID;
    }
  g_assert_true (has_nick);
  g_assert_false (has_order);
  g_assert_cmpuint (sd_field_list_mappable (SD_IMPORT_ORDERS, choices), >, 0);
  g_assert_cmpint (choices[0], ==, SD_FIELD_NICK);
  g_assert_true (sd_field_is_read (SD_FIELD_AMOUNT, SD_IMPORT_ORDERS));
  g_assert_false (sd_field_is_read (SD_FIELD_NOTES, SD_IMPORT_ORDERS));
  g_assert_cmpstr (sd_field_get_label (SD_FIELD_CREATED_AT, SD_IMPORT_CUSTOMERS), ==, "Customer since");
  g_assert_cmpstr (sd_field_get_label (SD_FIELD_CREATED_AT, SD_IMPORT_ORDERS), ==, "Order placed");
}

/* ---- export of a selection ---- */

static GPtrArray *
exported_nicks (const char *path)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SdCsvReader) reader = sd_csv_reader_new_for_path (path, SD_ENCODING_AUTO, &error);
  GPtrArray *nicks = g_ptr_array_new_with_free_func (g_free);

  g_assert_no_error (error);
  g_assert_true (sd_csv_reader_next (reader, &error));
  g_assert_cmpstr (sd_csv_reader_get_field (reader, 2), ==, "nick");
  while (sd_csv_reader_next (reader, &error))
    g_ptr_array_add (nicks, sd_csv_clean_cell (sd_csv_reader_get_field (reader, 2)));
  g_assert_no_error (error);
  return nicks;
}

static void
count_progress (guint64  done,
                gpointer user_data)
{
  *(guint64 *) user_data = done;
}

static void
test_export_selection (Fixture       *f,
                       gconstpointer  data)
{
  g_autofree char *in = write_file (f, "customers.csv", customers_csv, -1);
  g_autofree char *out = g_build_filename (f->dir, "selection.csv", NULL);
  g_autoptr(SdImportResult) result = import (f, in, SD_IMPORT_CUSTOMERS, SD_IMPORT_ABORT_ON_ERROR, NULL);
  g_autoptr(SdCustomer) alice = find_one (f, "tb_alice");
  g_autoptr(SdCustomer) qiang = find_one (f, "李强");
  g_autoptr(SdCustomerQuery) query = sd_customer_query_new ();
  g_autoptr(GPtrArray) nicks = NULL;
  g_autoptr(GError) error = NULL;
  /* Out of order, twice, and one that does not exist. */
  gint64 ids[] = { qiang->id, alice->id, qiang->id, 99999 };
  guint64 count = 0, progress = 0;

  g_assert_cmpuint (result->inserted, ==, 3);
  query->ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_array_append_vals (query->ids, ids, G_N_ELEMENTS (ids));

  g_assert_cmpint (sd_customers_count (f->session, query, NULL), ==, 2);
  g_assert_true (sd_export_customers_to_path_full (f->session, query, SD_EXPORT_CSV, out, count_progress,
                                                   &progress, &count, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (count, ==, 2);
  g_assert_cmpuint (progress, ==, 2);

  /* Exactly those, in id order. */
  nicks = exported_nicks (out);
  g_assert_cmpuint (nicks->len, ==, 2);
  g_assert_cmpstr (g_ptr_array_index (nicks, 0), ==, "tb_alice");
  g_assert_cmpstr (g_ptr_array_index (nicks, 1), ==, "10086");

  /* A search and a selection together: those selected that match. */
  query->text = g_strdup ("李强");
  g_assert_cmpint (sd_customers_count (f->session, query, NULL), ==, 1);
  g_clear_pointer (&nicks, g_ptr_array_unref);
  g_assert_true (sd_export_customers_to_path (f->session, query, SD_EXPORT_CSV, out, &count, NULL, &error));
  nicks = exported_nicks (out);
  g_assert_cmpuint (nicks->len, ==, 1);
  g_assert_cmpstr (g_ptr_array_index (nicks, 0), ==, "10086");

  /* An empty selection exports nobody, not everybody. */
  g_clear_pointer (&query->text, g_free);
  g_array_set_size (query->ids, 0);
  g_assert_cmpint (sd_customers_count (f->session, query, NULL), ==, 0);
  g_assert_true (sd_export_customers_to_path (f->session, query, SD_EXPORT_JSON, out, &count, NULL, &error));
  g_assert_cmpuint (count, ==, 0);

  /* A copy of the query carries its own selection. */
  g_array_append_val (query->ids, alice->id);
  {
    g_autoptr(SdCustomerQuery) copy = sd_customer_query_copy (query);
    g_array_set_size (query->ids, 0);
    g_assert_cmpuint (copy->ids->len, ==, 1);
    g_assert_cmpint (sd_customers_count (f->session, copy, NULL), ==, 1);
  }
}

static void
test_query_narrowed (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr(SdCustomerQuery) query = sd_customer_query_new ();

  g_assert_false (sd_customer_query_is_narrowed (NULL));
  g_assert_false (sd_customer_query_is_narrowed (query));
  /* An order is not a narrowing, nor is a search of blanks. */
  query->sort = SD_CUSTOMER_SORT_TOTAL_SPENT;
  query->descending = TRUE;
  query->text = g_strdup ("  ");
  g_assert_false (sd_customer_query_is_narrowed (query));
  g_free (query->text);
  query->text = g_strdup ("王");
  g_assert_true (sd_customer_query_is_narrowed (query));
  g_clear_pointer (&query->text, g_free);
  query->max_orders = 0;
  g_assert_true (sd_customer_query_is_narrowed (query));
  query->max_orders = -1;
  query->ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_assert_true (sd_customer_query_is_narrowed (query));
}

/* More selected than a page reads by id: the set goes through the bitmap instead. */
static void
test_export_large_selection (Fixture       *f,
                             gconstpointer  data)
{
  g_autoptr(GString) csv = g_string_new ("nick,phone\n");
  g_autofree char *in = NULL;
  g_autofree char *out = g_build_filename (f->dir, "selection.json", NULL);
  g_autoptr(SdImportResult) result = NULL;
  g_autoptr(SdCustomerQuery) all = sd_customer_query_new ();
  g_autoptr(SdCustomerQuery) query = sd_customer_query_new ();
  g_autoptr(GArray) every = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  guint64 count = 0;

  for (guint i = 0; i < 5000; i++)
    g_string_append_printf (csv, "buyer%04u,\n", i);
  in = write_file (f, "many.csv", csv->str, -1);
  result = import (f, in, SD_IMPORT_CUSTOMERS, SD_IMPORT_ABORT_ON_ERROR, NULL);
  g_assert_cmpuint (result->inserted, ==, 5000);

  every = sd_customers_list_ids (f->session, all, NULL, &error);
  g_assert_no_error (error);
  query->ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  for (guint i = 0; i < every->len; i += 2)
    g_array_append_val (query->ids, g_array_index (every, gint64, i));
  g_assert_cmpint (sd_customers_count (f->session, query, NULL), ==, 2500);
  g_assert_true (sd_export_customers_to_path (f->session, query, SD_EXPORT_JSON, out, &count, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (count, ==, 2500);
  g_assert_true (g_file_get_contents (out, &text, NULL, NULL));
  g_assert_nonnull (strstr (text, "\"buyer0000\""));
  g_assert_null (strstr (text, "\"buyer0001\""));
  g_assert_nonnull (strstr (text, "\"buyer4998\""));
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("/core/import/customers-utf8-bom", test_customers_utf8_bom);
  ADD ("/core/import/gb18030", test_customers_gb18030);
  ADD ("/core/import/forced-encoding", test_forced_encoding);
  ADD ("/core/import/taobao-orders-report", test_taobao_orders_report);
  ADD ("/core/import/reimport-changes-nothing", test_reimport_changes_nothing);
  ADD ("/core/import/duplicates-in-file", test_duplicates_in_file);
  ADD ("/core/import/bulk-rows-as-written", test_bulk_rows_as_written);
  ADD ("/core/import/bulk-alone-or-not", test_bulk_alone_or_not);
  ADD ("/core/import/masked-never-overwrites", test_masked_never_overwrites);
  ADD ("/core/import/errors-abort", test_errors_abort);
  ADD ("/core/import/errors-skip", test_errors_skip);
  ADD ("/core/import/customer-errors", test_customer_errors);
  ADD ("/core/import/unterminated-quote", test_unterminated_quote);
  ADD ("/core/import/mapping", test_mapping);
  ADD ("/core/import/orders-need-columns", test_orders_need_columns);
  ADD ("/core/import/best-column-wins", test_best_column_wins);
  ADD ("/core/import/region-column", test_region_column);
  ADD ("/core/import/title-above-header", test_title_above_header);
  ADD ("/core/import/item-rows-join", test_item_rows_join);
  ADD ("/core/import/partial-refund", test_partial_refund);
  ADD ("/core/import/order-twice-apart", test_order_twice_apart);
  ADD ("/core/import/kill-and-resume", test_kill_and_resume);
  ADD ("/core/import/kill-bulk", test_kill_bulk);
  ADD ("/core/import/cancel", test_cancel_keeps_batches);
  ADD ("/core/import/cancel-midway-resumes", test_cancel_midway_resumes);
  ADD ("/core/import/preview/gb18030", test_preview_gb18030);
  ADD ("/core/import/preview/taobao-report", test_preview_taobao_report);
  ADD ("/core/import/preview/mapping", test_preview_mapping);
  ADD ("/core/import/preview/bad-files", test_preview_bad_files);
  ADD ("/core/import/preview/issues", test_preview_issues);
  ADD ("/core/import/field-choices", test_field_choices);
  ADD ("/core/export/selection", test_export_selection);
  ADD ("/core/export/large-selection", test_export_large_selection);
  ADD ("/core/export/query-narrowed", test_query_narrowed);
#undef ADD

  return g_test_run ();
}
