/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "bench-data"

#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "bench-data.h"
#include "sd-csv.h"
#include "sd-demo.h"
#include "sd-shop.h"

/* Flush the output buffers at this size: whole rows only, so a chunk converts to GB18030
 * on its own. */
#define CHUNK_BYTES (1 << 20)

static const char * const notes[] = {
  "老客户，喜欢红色款",
  "要求发顺丰快递",
  "退货过两次，注意沟通",
  "大客户，逢年过节送小礼品",
  "只在晚上联系",
  "偏好大码，宽松版型",
  "收货地址经常变，发货前确认",
  "会员九折，活动前提醒",
  "对价格敏感，等活动再推",
  "曾投诉物流慢，优先发顺丰",
  "喜欢新品，上新通知",
  "生日在五月，送优惠券",
  "公司采购，需要开发票",
  "宝妈，关注童装",
  "包装要结实，易碎品加泡沫",
  "不要放发票，送礼用",
};

/* Each occurs in at least one of the notes above. */
static const char * const note_words[] = {
  "顺丰", "发票", "大码", "投诉", "红色", "晚上", "生日", "童装", "包装", "送礼", "新品", "退货",
  "优惠券", "物流慢", "宝妈", "泡沫",
};

static const struct
{
  const char *status;
  const char *words;
} status_words[] = {
  { "WAIT_BUYER_PAY", "等待买家付款" },
  { "WAIT_SELLER_SEND_GOODS", "买家已付款，等待卖家发货" },
  { "WAIT_BUYER_CONFIRM_GOODS", "卖家已发货，等待买家确认" },
  { "TRADE_FINISHED", "交易成功" },
  { "TRADE_CLOSED", "交易关闭" },
  { "TRADE_CLOSED_BY_TAOBAO", "交易被淘宝关闭" },
};

static const char * const customer_header[] = {
  "买家会员名", "姓名", "手机", "性别", "生日", "邮箱", "省份", "城市", "区县", "详细地址", "标签",
  "备注", "入会时间", "退订时间",
};

/* Taobao's sold-orders report (订单报表), the columns that matter and some of those that
 * do not. */
static const char * const order_header[] = {
  "订单编号", "买家会员名", "买家应付货款", "买家应付邮费", "买家实际支付金额", "订单状态",
  "买家留言", "收货人姓名", "收货地址", "运送方式", "联系手机", "订单创建时间", "订单付款时间",
  "宝贝标题", "宝贝种类", "物流单号", "物流公司", "订单备注", "宝贝总数量", "退款金额",
};

typedef struct
{
  FILE    *file;
  char    *path;
  GIConv   to_gb18030;   /* (GIConv) -1: write UTF-8 as it is */
} Output;

static guint64
mix64 (guint64 x)
{
  /* splitmix64's finaliser: a hash of one integer. */
  x += G_GUINT64_CONSTANT (0x9e3779b97f4a7c15);
  x = (x ^ (x >> 30)) * G_GUINT64_CONSTANT (0xbf58476d1ce4e5b9);
  x = (x ^ (x >> 27)) * G_GUINT64_CONSTANT (0x94d049bb133111eb);
  return x ^ (x >> 31);
}

const char *
bench_data_note_for (guint64 seed,
                     gint64  customer_id)
{
  guint64 h = mix64 (seed * 31 + (guint64) customer_id);

  /* One customer in eight has a note. */
  if (h % 8 != 0)
    return NULL;
  return notes[(h >> 8) % G_N_ELEMENTS (notes)];
}

const char * const *
bench_data_note_words (guint *out_n)
{
  *out_n = G_N_ELEMENTS (note_words);
  return note_words;
}

const char *
bench_data_local_phone (const SdCustomer *customer)
{
  const char *phone = customer->phone ? customer->phone : "";

  if (g_str_has_prefix (phone, "+86"))
    return phone + 3;
  return phone;
}

char *
bench_data_full_address (const SdCustomer *customer)
{
  return g_strdup_printf ("%s %s %s %s", customer->province, customer->city, customer->district,
                          customer->address);
}

void
bench_data_format_time (gint64  utc,
                        char   *buf)
{
  /* Days to civil date (proleptic Gregorian), without GDateTime: millions of calls. */
  gint64 t = utc + 8 * 3600;
  gint64 days = t >= 0 ? t / 86400 : (t - 86399) / 86400;
  gint64 secs = t - days * 86400;
  gint64 z = days + 719468;
  gint64 era = (z >= 0 ? z : z - 146096) / 146097;
  gint64 doe = z - era * 146097;
  gint64 yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  gint64 doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  gint64 mp = (5 * doy + 2) / 153;
  gint64 day = doy - (153 * mp + 2) / 5 + 1;
  gint64 month = mp < 10 ? mp + 3 : mp - 9;
  gint64 year = yoe + era * 400 + (month <= 2);

  g_snprintf (buf, 20, "%04d-%02d-%02d %02d:%02d:%02d", (int) year, (int) month, (int) day,
              (int) (secs / 3600), (int) (secs / 60 % 60), (int) (secs % 60));
}

static void
format_money (gint64  cents,
              char   *buf,
              gsize   size)
{
  g_snprintf (buf, size, "%" G_GINT64_FORMAT ".%02d", cents / 100, (int) (cents % 100));
}

static gboolean
output_open (Output      *out,
             const char  *dir,
             const char  *name,
             gboolean     gb18030,
             GError     **error)
{
  out->path = g_build_filename (dir, name, NULL);
  out->to_gb18030 = (GIConv) -1;
  out->file = fopen (out->path, "wb");
  if (out->file == NULL)
    {
      int saved = errno;
      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved), "Cannot create %s: %s", out->path,
                   g_strerror (saved));
      return FALSE;
    }
  if (gb18030)
    {
      out->to_gb18030 = g_iconv_open ("GB18030", "UTF-8");
      if (out->to_gb18030 == (GIConv) -1)
        {
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED, "This system's iconv has no GB18030");
          return FALSE;
        }
    }
  return TRUE;
}

static gboolean
output_write (Output      *out,
              GString     *chunk,
              GError     **error)
{
  g_autofree char *converted = NULL;
  const char *data = chunk->str;
  gsize len = chunk->len;

  if (out->to_gb18030 != (GIConv) -1)
    {
      converted = g_convert_with_iconv (chunk->str, (gssize) chunk->len, out->to_gb18030, NULL, &len, error);
      if (converted == NULL)
        return FALSE;
      data = converted;
    }
  if (len > 0 && fwrite (data, 1, len, out->file) != len)
    {
      int saved = errno;
      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved), "Cannot write %s: %s", out->path,
                   g_strerror (saved));
      return FALSE;
    }
  return TRUE;
}

static gboolean
output_close (Output  *out,
              GError **error)
{
  gboolean ok = TRUE;

  if (out->file != NULL && fclose (out->file) != 0 && error != NULL && *error == NULL)
    {
      int saved = errno;
      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved), "Cannot write %s: %s", out->path,
                   g_strerror (saved));
      ok = FALSE;
    }
  out->file = NULL;
  if (out->to_gb18030 != (GIConv) -1)
    g_iconv_close (out->to_gb18030);
  out->to_gb18030 = (GIConv) -1;
  g_clear_pointer (&out->path, g_free);
  return ok;
}

static const char *
status_text (const char *status)
{
  for (guint i = 0; i < G_N_ELEMENTS (status_words); i++)
    if (g_strcmp0 (status, status_words[i].status) == 0)
      return status_words[i].words;
  return status ? status : "";
}

/* What the order rows need of their customer, kept for all customers. */
typedef struct
{
  GStringChunk *strings;
  const char  **nick;
  const char  **name;
  const char  **phone;
  const char  **address;
} Book;

static void
append_customer_row (GString          *chunk,
                     const SdCustomer *c,
                     guint64           seed)
{
  g_autofree char *tags = NULL;
  char created[20], opt_out[20] = "";
  const char *fields[G_N_ELEMENTS (customer_header)];

  g_ptr_array_add (c->tags, NULL);
  tags = g_strjoinv ("，", (char **) c->tags->pdata);
  g_ptr_array_remove_index (c->tags, c->tags->len - 1);
  bench_data_format_time (c->created_at, created);
  if (c->sms_opt_out_at > 0)
    bench_data_format_time (c->sms_opt_out_at, opt_out);

  fields[0] = c->nick;
  fields[1] = c->name;
  fields[2] = bench_data_local_phone (c);
  fields[3] = c->gender == SD_GENDER_MALE ? "男" : c->gender == SD_GENDER_FEMALE ? "女" : "";
  fields[4] = c->birthday;
  fields[5] = c->email;
  fields[6] = c->province;
  fields[7] = c->city;
  fields[8] = c->district;
  fields[9] = c->address;
  fields[10] = tags;
  fields[11] = bench_data_note_for (seed, c->id);
  fields[12] = created;
  fields[13] = opt_out;
  sd_csv_append_row (chunk, fields, G_N_ELEMENTS (fields));
}

static void
append_order_row (GString       *chunk,
                  const SdOrder *o,
                  const Book    *book)
{
  g_autoptr(GString) titles = g_string_new (NULL);
  gint64 goods = 0, quantity = 0, refund = 0;
  char goods_text[32], paid_text[32], refund_text[32], quantity_text[16], kinds_text[16];
  char created[20], paid_at[20] = "";
  const char *fields[G_N_ELEMENTS (order_header)];
  gsize k = (gsize) o->customer_id - 1;

  for (guint i = 0; i < o->items->len; i++)
    {
      const SdOrderItem *item = g_ptr_array_index (o->items, i);
      if (i > 0)
        g_string_append (titles, "，");
      g_string_append (titles, item->title);
      quantity += item->quantity;
      if (item->unit_price_cents > 0)
        goods += item->quantity * item->unit_price_cents;
    }
  if (g_strcmp0 (o->refund_state, "full") == 0)
    refund = o->amount_cents;
  else if (g_strcmp0 (o->refund_state, "partial") == 0)
    refund = MAX (1, o->amount_cents / 3);

  format_money (goods, goods_text, sizeof goods_text);
  format_money (o->amount_cents, paid_text, sizeof paid_text);
  format_money (refund, refund_text, sizeof refund_text);
  g_snprintf (quantity_text, sizeof quantity_text, "%" G_GINT64_FORMAT, quantity);
  g_snprintf (kinds_text, sizeof kinds_text, "%u", o->items->len);
  bench_data_format_time (o->created_at, created);
  if (o->paid_at > 0)
    bench_data_format_time (o->paid_at, paid_at);

  fields[0] = o->platform_order_id;
  fields[1] = book->nick[k];
  fields[2] = goods_text;
  fields[3] = "0.00";
  fields[4] = paid_text;
  fields[5] = status_text (o->status);
  fields[6] = "";
  fields[7] = book->name[k];
  fields[8] = book->address[k];
  fields[9] = "快递";
  fields[10] = book->phone[k];
  fields[11] = created;
  fields[12] = paid_at;
  fields[13] = titles->str;
  fields[14] = kinds_text;
  fields[15] = "";
  fields[16] = "";
  fields[17] = "";
  fields[18] = quantity_text;
  fields[19] = refund_text;
  sd_csv_append_row (chunk, fields, G_N_ELEMENTS (fields));
}

gboolean
bench_data_write (const char  *dir,
                  guint64      seed,
                  guint        n_customers,
                  guint        n_orders,
                  GError     **error)
{
  g_autoptr(SdDemo) demo = sd_demo_new (seed, n_customers, n_orders, BENCH_NOW);
  g_autoptr(GString) chunk = g_string_sized_new (CHUNK_BYTES + 4096);
  Output utf8 = { 0 }, gb = { 0 }, orders = { 0 };
  Book book = { 0 };
  gboolean ok = FALSE;

  if (g_mkdir_with_parents (dir, 0700) != 0)
    {
      int saved = errno;
      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved), "Cannot create %s: %s", dir, g_strerror (saved));
      return FALSE;
    }
  book.strings = g_string_chunk_new (1 << 20);
  book.nick = g_new0 (const char *, n_customers);
  book.name = g_new0 (const char *, n_customers);
  book.phone = g_new0 (const char *, n_customers);
  book.address = g_new0 (const char *, n_customers);

  if (!output_open (&utf8, dir, BENCH_CUSTOMERS_FILE, FALSE, error) ||
      !output_open (&gb, dir, BENCH_CUSTOMERS_GB18030_FILE, TRUE, error) ||
      !output_open (&orders, dir, BENCH_ORDERS_FILE, FALSE, error))
    goto out;

  sd_csv_append_row (chunk, customer_header, G_N_ELEMENTS (customer_header));
  for (;;)
    {
      g_autoptr(SdCustomer) c = sd_demo_next_customer (demo);
      gsize k;

      if (c != NULL)
        {
          g_autofree char *address = bench_data_full_address (c);

          k = (gsize) c->id - 1;
          book.nick[k] = g_string_chunk_insert (book.strings, c->nick);
          book.name[k] = g_string_chunk_insert_const (book.strings, c->name);
          book.phone[k] = g_string_chunk_insert (book.strings, bench_data_local_phone (c));
          book.address[k] = g_string_chunk_insert (book.strings, address);
          append_customer_row (chunk, c, seed);
        }
      if (chunk->len >= CHUNK_BYTES || (c == NULL && chunk->len > 0))
        {
          if (!output_write (&utf8, chunk, error) || !output_write (&gb, chunk, error))
            goto out;
          g_string_truncate (chunk, 0);
        }
      if (c == NULL)
        break;
    }

  sd_csv_append_row (chunk, order_header, G_N_ELEMENTS (order_header));
  for (;;)
    {
      g_autoptr(SdOrder) o = sd_demo_next_order (demo);

      if (o != NULL)
        append_order_row (chunk, o, &book);
      if (chunk->len >= CHUNK_BYTES || (o == NULL && chunk->len > 0))
        {
          if (!output_write (&orders, chunk, error))
            goto out;
          g_string_truncate (chunk, 0);
        }
      if (o == NULL)
        break;
    }
  ok = TRUE;

out:
  ok &= output_close (&utf8, ok ? error : NULL);
  ok &= output_close (&gb, ok ? error : NULL);
  ok &= output_close (&orders, ok ? error : NULL);
  g_string_chunk_free (book.strings);
  g_free (book.nick);
  g_free (book.name);
  g_free (book.phone);
  g_free (book.address);
  return ok;
}

SdSession *
bench_open_shop (const char  *path,
                 GError     **error)
{
  g_autoptr(SdDb) db = NULL;

  /* A file, or a database of a PostgreSQL server (a postgresql:// URL). */
  if (!sd_db_shop_exists (path))
    return sd_shop_create (path, "Bench", BENCH_OWNER, BENCH_PASSWORD, error);
  db = sd_db_open (path, error);
  if (db == NULL)
    return NULL;
  if (!sd_session_shop_has_accounts (db))
    return sd_session_claim_shop (db, BENCH_OWNER, BENCH_PASSWORD, error);
  return sd_session_login (db, BENCH_OWNER, BENCH_PASSWORD, error);
}
