/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "sd-test-util.h"

#include "sd-customers.h"
#include "sd-db-private.h"
#include "sd-demo-shop.h"
#include "sd-error.h"
#include "sd-import.h"
#include "sd-tiers.h"

/* A shop in a temporary folder, removed again after each test. */
typedef struct
{
  char      *dir;
  SdDb      *db;
  SdSession *session;
} Shop;

static void
shop_setup (Shop          *shop,
            gconstpointer  data)
{
  shop->session = sd_test_new_temp_shop (&shop->dir, NULL);
  shop->db = sd_db_ref (sd_session_get_db (shop->session));
}

static void
shop_teardown (Shop          *shop,
               gconstpointer  data)
{
  g_assert_finalize_object (shop->session);
  g_clear_pointer (&shop->db, sd_db_unref);
  sd_test_remove_tree (shop->dir);
  g_clear_pointer (&shop->dir, g_free);
}

#define SHOP_TEST(path, func) g_test_add (path, Shop, NULL, shop_setup, func, shop_teardown)

static SdImportResult *
import_text (Shop                *shop,
             SdImportKind         kind,
             const char          *file_name,
             const char          *text,
             SdImportErrorPolicy  policy)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = g_build_filename (shop->dir, file_name, NULL);
  SdImportOptions options = { 0 };
  SdImportResult *result;

  g_assert_true (g_file_set_contents (path, text, -1, &error));
  g_assert_no_error (error);
  options.kind = kind;
  options.on_error = policy;
  result = sd_import_file (shop->session, path, &options, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (result);
  return result;
}

/* Beijing time, as the shops' reports write it. */
static gint64
beijing (int year,
         int month,
         int day,
         int hour,
         int minute,
         int second)
{
  g_autoptr(GTimeZone) zone = g_time_zone_new_identifier ("+08:00");
  g_autoptr(GDateTime) dt = g_date_time_new (zone, year, month, day, hour, minute, second);

  g_assert_nonnull (dt);
  return g_date_time_to_unix (dt);
}

static gboolean
tags_equal (GPtrArray          *tags,
            const char * const *expected)
{
  guint n = expected ? g_strv_length ((char **) expected) : 0;

  if (tags->len != n)
    return FALSE;
  for (guint i = 0; i < n; i++)
    if (g_strcmp0 (g_ptr_array_index (tags, i), expected[i]) != 0)
      return FALSE;
  return TRUE;
}

#define assert_tags(tags, ...) \
  G_STMT_START { \
    const char * const _expected[] = { __VA_ARGS__, NULL }; \
    if (!tags_equal ((tags), _expected)) \
      { \
        g_autofree char *_got = NULL; \
        g_ptr_array_add ((tags), NULL); \
        _got = g_strjoinv ("|", (char **) (tags)->pdata); \
        g_ptr_array_set_size ((tags), (tags)->len - 1); \
        g_test_message ("tags: got “%s”", _got); \
        g_assert_true (tags_equal ((tags), _expected)); \
      } \
  } G_STMT_END

/* ---- save and validate ---- */

static void
test_save_normalises (Shop          *shop,
                      gconstpointer  data)
{
  g_autoptr(SdCustomer) c = sd_test_new_customer ("  tb_alice  ", " 王芳 ", "138 0013 8000");
  g_autoptr(SdCustomer) loaded = NULL;
  g_autoptr(GError) error = NULL;
  const char *field = NULL;
  gint64 before = g_get_real_time () / G_USEC_PER_SEC;

  sd_customer_set_text (&c->email, " alice@example.com ");
  sd_customer_set_text (&c->birthday, "1990/5/1");
  sd_customer_set_text (&c->province, "浙江");
  sd_customer_set_text (&c->city, "杭州市");
  c->gender = SD_GENDER_FEMALE;

  g_assert_true (sd_customers_save (shop->session, c, &field, &error));
  g_assert_no_error (error);
  g_assert_null (field);
  g_assert_cmpint (c->id, >, 0);
  g_assert_cmpstr (c->phone, ==, "+8613800138000");
  g_assert_cmpint (c->phone_state, ==, SD_PHONE_VALID);

  loaded = sd_test_get_customer (shop->session, c->id);
  g_assert_cmpstr (loaded->platform, ==, "taobao");
  g_assert_cmpstr (loaded->nick, ==, "tb_alice");
  g_assert_cmpstr (loaded->name, ==, "王芳");
  g_assert_cmpstr (loaded->phone, ==, "+8613800138000");
  g_assert_cmpint (loaded->phone_state, ==, SD_PHONE_VALID);
  g_assert_cmpstr (loaded->email, ==, "alice@example.com");
  g_assert_cmpstr (loaded->birthday, ==, "1990-05-01");
  g_assert_cmpstr (loaded->province, ==, "浙江省");
  g_assert_cmpstr (loaded->city, ==, "杭州市");
  g_assert_cmpint (loaded->gender, ==, SD_GENDER_FEMALE);
  g_assert_cmpint (loaded->created_at, >=, before);
  g_assert_cmpint (loaded->created_at, <=, g_get_real_time () / G_USEC_PER_SEC);
  g_assert_cmpint (loaded->updated_at, ==, loaded->created_at);
  g_assert_cmpint (loaded->total_spent_cents, ==, 0);
  g_assert_cmpint (loaded->order_count, ==, 0);
  g_assert_cmpint (loaded->first_order_at, ==, 0);
  g_assert_cmpint (loaded->last_order_at, ==, 0);
  g_assert_cmpint (loaded->sms_opt_out_at, ==, 0);
  g_assert_cmpuint (loaded->tags->len, ==, 0);
  g_assert_nonnull (loaded->notes);
  g_assert_cmpuint (loaded->notes->len, ==, 0);

  /* Other spellings of a mobile number, and numbers that are not one. */
  {
    static const struct { const char *in; const char *out; SdPhoneState state; } phones[] = {
      { "+86 139-1234-5678", "+8613912345678", SD_PHONE_VALID },
      { "8615000002222", "+8615000002222", SD_PHONE_VALID },
      { "138****8000", "138****8000", SD_PHONE_MASKED },
      { "12345", "12345", SD_PHONE_INVALID },
    };
    for (guint i = 0; i < G_N_ELEMENTS (phones); i++)
      {
        g_autofree char *nick = g_strdup_printf ("phone_%u", i);
        g_autoptr(SdCustomer) p = sd_test_new_customer (nick, "", phones[i].in);
        g_autoptr(SdCustomer) back = NULL;

        g_assert_true (sd_customers_save (shop->session, p, NULL, &error));
        g_assert_no_error (error);
        back = sd_test_get_customer (shop->session, p->id);
        g_assert_cmpstr (back->phone, ==, phones[i].out);
        g_assert_cmpint (back->phone_state, ==, phones[i].state);
      }
  }

  /* An update keeps the id and writes the change. */
  sd_customer_set_text (&loaded->name, "王芳芳");
  g_assert_true (sd_customers_save (shop->session, loaded, NULL, &error));
  g_assert_no_error (error);
  {
    g_autoptr(SdCustomer) again = sd_test_get_customer (shop->session, c->id);
    g_assert_cmpstr (again->name, ==, "王芳芳");
    g_assert_cmpint (again->created_at, ==, loaded->created_at);
  }
  g_assert_cmpint (sd_test_count_customers (shop->session), ==, 5);
}

static void
assert_invalid (Shop       *shop,
                SdCustomer *c,
                int         code,
                const char *expected_field)
{
  g_autoptr(GError) error = NULL;
  const char *field = NULL;
  gint64 before = sd_test_count_customers (shop->session);

  g_test_message ("saving nick “%s” name “%s” phone “%s”: expecting a refusal on %s",
                  c->nick, c->name, c->phone, expected_field);
  g_assert_false (sd_customers_save (shop->session, c, &field, &error));
  g_assert_error (error, SD_ERROR, code);
  g_assert_nonnull (error->message);
  g_assert_cmpstr (field, ==, expected_field);
  g_assert_cmpint (sd_test_count_customers (shop->session), ==, before);
}

static void
test_save_invalid_email (Shop          *shop,
                         gconstpointer  data)
{
  static const char *bad[] = { "alice@", "alice", "@example.com", "a b@example.com", "a@b@example.com", "a@example" };

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(SdCustomer) c = sd_test_new_customer ("tb_mail", "", "");
      sd_customer_set_text (&c->email, bad[i]);
      assert_invalid (shop, c, SD_ERROR_INVALID_INPUT, "email");
    }
  g_assert_cmpint (sd_test_count_customers (shop->session), ==, 0);
}

static void
test_save_invalid_birthday (Shop          *shop,
                            gconstpointer  data)
{
  static const char *bad[] = { "1990-02-30", "1990-13-01", "yesterday", "90-05-01", "1850-01-01" };

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(SdCustomer) c = sd_test_new_customer ("tb_birthday", "", "");
      sd_customer_set_text (&c->birthday, bad[i]);
      assert_invalid (shop, c, SD_ERROR_INVALID_INPUT, "birthday");
    }
  {
    g_autoptr(SdCustomer) c = sd_test_new_customer ("tb_birthday", "", "");
    g_autoptr(SdCustomer) back = NULL;
    g_autoptr(GError) error = NULL;

    sd_customer_set_text (&c->birthday, "19900501");
    g_assert_true (sd_customers_save (shop->session, c, NULL, &error));
    g_assert_no_error (error);
    back = sd_test_get_customer (shop->session, c->id);
    g_assert_cmpstr (back->birthday, ==, "1990-05-01");
  }
}

static void
test_save_needs_identity (Shop          *shop,
                          gconstpointer  data)
{
  {
    g_autoptr(SdCustomer) c = sd_test_new_customer ("", "", "");
    sd_customer_set_text (&c->email, "nobody@example.com");
    sd_customer_set_text (&c->city, "杭州市");
    assert_invalid (shop, c, SD_ERROR_INVALID_INPUT, "nick");
  }
  {
    g_autoptr(SdCustomer) c = sd_test_new_customer ("   ", " ", "  ");
    assert_invalid (shop, c, SD_ERROR_INVALID_INPUT, "nick");
  }
  {
    g_autofree char *long_nick = g_strnfill (65, 'x');
    g_autoptr(SdCustomer) c = sd_test_new_customer (long_nick, "", "");
    assert_invalid (shop, c, SD_ERROR_INVALID_INPUT, "nick");
  }
  {
    g_autoptr(SdCustomer) c = sd_test_new_customer ("", "", "");
    c->gender = 7;
    sd_customer_set_text (&c->name, "有名字");
    assert_invalid (shop, c, SD_ERROR_INVALID_INPUT, "gender");
  }

  /* Any one of the three is enough; customers without a nick do not clash. */
  sd_test_add_customer (shop->session, "", "只有名字", "");
  sd_test_add_customer (shop->session, "", "", "13800138000");
  sd_test_add_customer (shop->session, "", "", "13800138001");
  sd_test_add_customer (shop->session, "only_nick", "", "");
  g_assert_cmpint (sd_test_count_customers (shop->session), ==, 4);
}

static void
test_save_duplicate_nick (Shop          *shop,
                          gconstpointer  data)
{
  gint64 first = sd_test_add_customer (shop->session, "tb_dup", "第一个", "");
  gint64 other;

  {
    g_autoptr(SdCustomer) c = sd_test_new_customer ("tb_dup", "第二个", "");
    assert_invalid (shop, c, SD_ERROR_CONFLICT, "nick");
  }
  {
    /* Surrounding spaces do not make another nick. */
    g_autoptr(SdCustomer) c = sd_test_new_customer (" tb_dup ", "第三个", "");
    assert_invalid (shop, c, SD_ERROR_CONFLICT, "nick");
  }
  {
    /* The same nick on another platform is another buyer. */
    g_autoptr(SdCustomer) c = sd_test_new_customer ("tb_dup", "天猫的", "");
    g_autoptr(SdCustomer) back = NULL;
    g_autoptr(GError) error = NULL;

    sd_customer_set_text (&c->platform, "tmall");
    g_assert_true (sd_customers_save (shop->session, c, NULL, &error));
    g_assert_no_error (error);
    g_assert_cmpint (c->id, !=, first);
    back = sd_test_get_customer (shop->session, c->id);
    g_assert_cmpstr (back->platform, ==, "tmall");
    g_assert_cmpstr (back->nick, ==, "tb_dup");
  }

  /* Renaming another customer to a taken nick is refused as well, and changes nothing. */
  other = sd_test_add_customer (shop->session, "tb_other", "别人", "");
  {
    g_autoptr(SdCustomer) c = sd_test_get_customer (shop->session, other);
    g_autoptr(SdCustomer) back = NULL;
    sd_customer_set_text (&c->nick, "tb_dup");
    assert_invalid (shop, c, SD_ERROR_CONFLICT, "nick");
    back = sd_test_get_customer (shop->session, other);
    g_assert_cmpstr (back->nick, ==, "tb_other");
  }
  {
    g_autoptr(SdCustomer) back = sd_test_get_customer (shop->session, first);
    g_assert_cmpstr (back->name, ==, "第一个");
  }
  g_assert_cmpint (sd_test_count_customers (shop->session), ==, 3);
}

/* sd_customers_save (…, &field, NULL): the caller wants the field but not the error. */
static void
test_save_conflict_without_error (void)
{
  if (g_test_subprocess ())
    {
      Shop shop = { 0 };
      const char *field = NULL;

      shop_setup (&shop, NULL);
      sd_test_add_customer (shop.session, "tb_dup", "", "");
      {
        g_autoptr(SdCustomer) c = sd_test_new_customer ("tb_dup", "", "");
        g_assert_false (sd_customers_save (shop.session, c, &field, NULL));
        g_assert_cmpstr (field, ==, "nick");
      }
      shop_teardown (&shop, NULL);
      return;
    }
  g_test_trap_subprocess (NULL, 0, 0);
  g_test_trap_assert_passed ();
}

/* ---- tags, notes, opt-out ---- */

static void
test_tags (Shop          *shop,
           gconstpointer  data)
{
  gint64 id = sd_test_add_customer (shop->session, "tb_tags", "", "");
  gint64 other = sd_test_add_customer (shop->session, "tb_tags2", "", "");
  g_autoptr(GError) error = NULL;

  g_assert_true (sd_customers_add_tag (shop->session, id, "VIP", &error));
  g_assert_no_error (error);
  g_assert_true (sd_customers_add_tag (shop->session, id, " VIP ", &error));
  g_assert_no_error (error);
  g_assert_true (sd_customers_add_tag (shop->session, id, "老客户", &error));
  g_assert_no_error (error);
  g_assert_true (sd_customers_add_tag (shop->session, other, "批发", &error));
  g_assert_no_error (error);
  {
    g_autoptr(SdCustomer) c = sd_test_get_customer (shop->session, id);
    assert_tags (c->tags, "VIP", "老客户");
  }
  {
    g_autoptr(GPtrArray) all = sd_customers_list_tags (shop->session, &error);
    g_assert_no_error (error);
    assert_tags (all, "VIP", "批发", "老客户");
  }

  {
    static const char *bad[] = { "a;b", "a,b", "", "   ", "一二三四五六七八九十一二三四五六七八九十一二三四五六七八九十一二三" };
    for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
      {
        g_assert_false (sd_customers_add_tag (shop->session, id, bad[i], &error));
        g_assert_error (error, SD_ERROR, SD_ERROR_INVALID_INPUT);
        g_clear_error (&error);
      }
  }
  g_assert_false (sd_customers_add_tag (shop->session, 9999, "VIP", &error));
  g_assert_error (error, SD_ERROR, SD_ERROR_NOT_FOUND);
  g_clear_error (&error);
  g_assert_false (sd_customers_remove_tag (shop->session, 9999, "VIP", &error));
  g_assert_error (error, SD_ERROR, SD_ERROR_NOT_FOUND);
  g_clear_error (&error);
  {
    g_autoptr(SdCustomer) c = sd_test_get_customer (shop->session, id);
    assert_tags (c->tags, "VIP", "老客户");
  }

  /* The tag filter sees them. */
  {
    g_autoptr(SdCustomerQuery) q = sd_customer_query_new ();
    g_autoptr(GPtrArray) rows = NULL;
    q->tag = g_strdup ("VIP");
    rows = sd_customers_find (shop->session, q, NULL, 100, &error);
    g_assert_no_error (error);
    g_assert_cmpuint (rows->len, ==, 1);
    g_assert_cmpint (((SdCustomer *) g_ptr_array_index (rows, 0))->id, ==, id);
    g_assert_cmpint (sd_customers_count (shop->session, q, &error), ==, 1);
    g_assert_no_error (error);
  }

  g_assert_true (sd_customers_remove_tag (shop->session, id, "VIP", &error));
  g_assert_no_error (error);
  g_assert_true (sd_customers_remove_tag (shop->session, id, "VIP", &error));
  g_assert_no_error (error);
  {
    g_autoptr(SdCustomer) c = sd_test_get_customer (shop->session, id);
    g_autoptr(GPtrArray) all = sd_customers_list_tags (shop->session, &error);
    g_assert_no_error (error);
    assert_tags (c->tags, "老客户");
    assert_tags (all, "批发", "老客户");
  }
}

static void
test_notes (Shop          *shop,
            gconstpointer  data)
{
  gint64 id = sd_test_add_customer (shop->session, "tb_notes", "", "");
  g_autoptr(GError) error = NULL;
  gint64 first = 0, second = 0;
  gint64 before = g_get_real_time () / G_USEC_PER_SEC;
  gint64 after;

  g_assert_true (sd_customers_add_note (shop->session, id, "想要蓝色包装", &first, &error));
  g_assert_no_error (error);
  g_assert_true (sd_customers_add_note (shop->session, id, "  second note  ", &second, &error));
  g_assert_no_error (error);
  after = g_get_real_time () / G_USEC_PER_SEC;
  g_assert_cmpint (first, >, 0);
  g_assert_cmpint (second, >, first);

  {
    g_autoptr(SdCustomer) c = sd_test_get_customer (shop->session, id);
    const SdNote *a, *b;

    g_assert_nonnull (c->notes);
    g_assert_cmpuint (c->notes->len, ==, 2);
    a = g_ptr_array_index (c->notes, 0);
    b = g_ptr_array_index (c->notes, 1);
    g_assert_cmpint (a->id, ==, first);
    g_assert_cmpstr (a->body, ==, "想要蓝色包装");
    g_assert_cmpint (a->customer_id, ==, id);
    g_assert_cmpint (a->author_id, ==, sd_session_get_staff_id (shop->session));
    g_assert_cmpstr (a->author_name, ==, sd_session_get_staff_name (shop->session));
    g_assert_cmpstr (a->author_name, !=, "");
    g_assert_cmpint (a->created_at, >=, before);
    g_assert_cmpint (a->created_at, <=, after);
    g_assert_cmpint (b->id, ==, second);
    g_assert_cmpstr (b->body, ==, "second note");
    g_assert_cmpstr (b->author_name, ==, sd_session_get_staff_name (shop->session));
  }

  /* The note is searchable at once. */
  {
    g_autoptr(SdCustomerQuery) q = sd_customer_query_new ();
    q->text = g_strdup ("蓝色");
    g_assert_cmpint (sd_customers_count (shop->session, q, &error), ==, 1);
    g_assert_no_error (error);
  }

  g_assert_false (sd_customers_add_note (shop->session, id, "   ", NULL, &error));
  g_assert_error (error, SD_ERROR, SD_ERROR_INVALID_INPUT);
  g_clear_error (&error);
  g_assert_false (sd_customers_add_note (shop->session, id, "", NULL, &error));
  g_assert_error (error, SD_ERROR, SD_ERROR_INVALID_INPUT);
  g_clear_error (&error);
  {
    g_autofree char *huge = g_strnfill (2001, 'n');
    g_assert_false (sd_customers_add_note (shop->session, id, huge, NULL, &error));
    g_assert_error (error, SD_ERROR, SD_ERROR_INVALID_INPUT);
    g_clear_error (&error);
  }
  g_assert_false (sd_customers_add_note (shop->session, 9999, "for nobody", NULL, &error));
  g_assert_error (error, SD_ERROR, SD_ERROR_NOT_FOUND);
  g_clear_error (&error);

  g_assert_true (sd_customers_delete_note (shop->session, first, &error));
  g_assert_no_error (error);
  g_assert_false (sd_customers_delete_note (shop->session, first, &error));
  g_assert_error (error, SD_ERROR, SD_ERROR_NOT_FOUND);
  g_clear_error (&error);
  {
    g_autoptr(SdCustomer) c = sd_test_get_customer (shop->session, id);
    g_assert_cmpuint (c->notes->len, ==, 1);
    g_assert_cmpstr (((SdNote *) g_ptr_array_index (c->notes, 0))->body, ==, "second note");
  }
  {
    g_autoptr(SdCustomerQuery) q = sd_customer_query_new ();
    q->text = g_strdup ("蓝色");
    g_assert_cmpint (sd_customers_count (shop->session, q, &error), ==, 0);
    g_assert_no_error (error);
  }
}

static void
test_notes_restore (Shop          *shop,
                    gconstpointer  data)
{
  gint64 id = sd_test_add_customer (shop->session, "tb_restore", "", "");
  g_autoptr(GError) error = NULL;
  g_autoptr(SdNote) deleted = NULL;
  g_autoptr(SdNote) nobody = NULL;
  gint64 note_id = 0, restored_id = 0;

  g_assert_true (sd_customers_add_note (shop->session, id, "要发顺丰", &note_id, &error));
  g_assert_no_error (error);
  {
    g_autoptr(SdCustomer) c = sd_test_get_customer (shop->session, id);
    deleted = sd_note_copy (g_ptr_array_index (c->notes, 0));
  }
  /* An hour back, so that a restore stamped with "now" would show. */
  g_assert_true (sd_customers_delete_note (shop->session, note_id, &error));
  g_assert_no_error (error);
  deleted->created_at -= 3600;

  g_assert_true (sd_customers_restore_note (shop->session, deleted, &restored_id, &error));
  g_assert_no_error (error);
  g_assert_cmpint (restored_id, >, 0);
  {
    g_autoptr(SdCustomer) c = sd_test_get_customer (shop->session, id);
    const SdNote *n;

    g_assert_cmpuint (c->notes->len, ==, 1);
    n = g_ptr_array_index (c->notes, 0);
    g_assert_cmpint (n->id, ==, restored_id);
    g_assert_cmpstr (n->body, ==, "要发顺丰");
    g_assert_cmpint (n->created_at, ==, deleted->created_at);
    g_assert_cmpint (n->author_id, ==, deleted->author_id);
    g_assert_cmpstr (n->author_name, ==, sd_session_get_staff_name (shop->session));
  }
  {
    g_autoptr(SdCustomerQuery) q = sd_customer_query_new ();
    q->text = g_strdup ("顺丰");
    g_assert_cmpint (sd_customers_count (shop->session, q, &error), ==, 1);
    g_assert_no_error (error);
  }

  /* A note whose customer is gone has nowhere to go back to. */
  nobody = sd_note_copy (deleted);
  nobody->customer_id = 9999;
  g_assert_false (sd_customers_restore_note (shop->session, nobody, NULL, &error));
  g_assert_error (error, SD_ERROR, SD_ERROR_NOT_FOUND);
  g_clear_error (&error);
  sd_customer_set_text (&nobody->body, "");
  nobody->customer_id = id;
  g_assert_false (sd_customers_restore_note (shop->session, nobody, NULL, &error));
  g_assert_error (error, SD_ERROR, SD_ERROR_INVALID_INPUT);
  g_clear_error (&error);
}

static void
test_opt_out (Shop          *shop,
              gconstpointer  data)
{
  gint64 id = sd_test_add_customer (shop->session, "tb_sms", "", "13800138000");
  g_autoptr(GError) error = NULL;
  gint64 before = g_get_real_time () / G_USEC_PER_SEC;
  gint64 at;

  g_assert_true (sd_customers_set_sms_opt_out (shop->session, id, TRUE, " 客户要求 ", &error));
  g_assert_no_error (error);
  {
    g_autoptr(SdCustomer) c = sd_test_get_customer (shop->session, id);
    g_assert_cmpint (c->sms_opt_out_at, >=, before);
    g_assert_cmpint (c->sms_opt_out_at, <=, g_get_real_time () / G_USEC_PER_SEC);
    g_assert_cmpstr (c->sms_opt_out_reason, ==, "客户要求");
    g_assert_cmpstr (c->phone, ==, "+8613800138000");
    at = c->sms_opt_out_at;
  }

  /* Asking again keeps when it was first asked. */
  g_usleep (G_USEC_PER_SEC + 100000);
  g_assert_true (sd_customers_set_sms_opt_out (shop->session, id, TRUE, "again", &error));
  g_assert_no_error (error);
  {
    g_autoptr(SdCustomer) c = sd_test_get_customer (shop->session, id);
    g_assert_cmpint (c->sms_opt_out_at, ==, at);
    g_assert_cmpstr (c->sms_opt_out_reason, ==, "again");
  }

  g_assert_true (sd_customers_set_sms_opt_out (shop->session, id, FALSE, "ignored", &error));
  g_assert_no_error (error);
  {
    g_autoptr(SdCustomer) c = sd_test_get_customer (shop->session, id);
    g_assert_cmpint (c->sms_opt_out_at, ==, 0);
    g_assert_cmpstr (c->sms_opt_out_reason, ==, "");
  }

  g_assert_false (sd_customers_set_sms_opt_out (shop->session, 9999, TRUE, "x", &error));
  g_assert_error (error, SD_ERROR, SD_ERROR_NOT_FOUND);
}

/* ---- aggregates ---- */

static const char orders_csv[] =
  "订单编号,买家会员名,买家实际支付金额,订单状态,订单创建时间,订单付款时间,退款金额\n"
  "T1001,agg_buyer,100.00,交易成功,2024-01-05 10:00:00,2024-01-05 10:01:00,0\n"
  "T1002,agg_buyer,59.90,卖家已发货，等待买家确认,2024-02-10 12:30:00,2024-02-10 12:31:00,\n"
  "T1003,agg_buyer,200.00,等待买家付款,2024-03-01 09:00:00,,\n"
  "T1004,agg_buyer,80.00,交易关闭,2023-12-01 08:00:00,,\n"
  "T1005,agg_buyer,45.50,交易成功,2024-02-20 18:00:00,2024-02-20 18:05:00,45.50\n"
  "T1006,agg_buyer,120.00,买家已付款，等待卖家发货,2023-11-11 00:05:00,2023-11-11 00:06:00,\n"
  "T2001,other_buyer,10.00,交易成功,2024-05-01 00:00:00,2024-05-01 00:00:01,\n";

static gint64
find_nick (Shop       *shop,
           const char *nick)
{
  g_autoptr(SdCustomerQuery) q = sd_customer_query_new ();
  g_autoptr(GPtrArray) rows = NULL;
  g_autoptr(GError) error = NULL;

  rows = sd_customers_find (shop->session, q, NULL, 100000, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < rows->len; i++)
    {
      SdCustomer *c = g_ptr_array_index (rows, i);
      if (g_strcmp0 (c->nick, nick) == 0)
        return c->id;
    }
  g_test_message ("no customer with nick “%s”", nick);
  g_assert_not_reached ();
  return 0;
}

static void
assert_agg_buyer (Shop   *shop,
                  gint64  id)
{
  g_autoptr(SdCustomer) c = sd_test_get_customer (shop->session, id);

  /* Counted: T1001, T1002 and T1006. Not: unpaid T1003, closed T1004, refunded T1005. */
  g_assert_cmpint (c->total_spent_cents, ==, 10000 + 5990 + 12000);
  g_assert_cmpint (c->order_count, ==, 3);
  g_assert_cmpint (c->first_order_at, ==, beijing (2023, 11, 11, 0, 5, 0));
  g_assert_cmpint (c->last_order_at, ==, beijing (2024, 2, 10, 12, 30, 0));
  g_assert_cmpint (c->refund_count, ==, 1);
  g_assert_cmpint (sd_customer_get_average_order_cents (c), ==, 9330);
}

static void
test_aggregates_import (Shop          *shop,
                        gconstpointer  data)
{
  g_autoptr(SdImportResult) result = NULL;
  g_autoptr(GError) error = NULL;
  gint64 id, other;

  /* The buyer exists before; the other comes with its order. */
  sd_test_add_customer (shop->session, "agg_buyer", "聚合", "");
  result = import_text (shop, SD_IMPORT_ORDERS, "orders.csv", orders_csv, SD_IMPORT_ABORT_ON_ERROR);
  g_assert_cmpuint (result->errors->len, ==, 0);
  g_assert_cmpuint (result->rows, ==, 7);
  g_assert_cmpuint (result->inserted, ==, 7);
  g_assert_cmpuint (result->updated, ==, 0);
  g_assert_cmpuint (result->skipped, ==, 0);
  g_assert_cmpuint (result->customers_created, ==, 1);
  g_assert_false (result->rolled_back);
  g_assert_cmpint (sd_customers_count_orders (shop->session), ==, 7);

  id = find_nick (shop, "agg_buyer");
  other = find_nick (shop, "other_buyer");
  assert_agg_buyer (shop, id);
  {
    g_autoptr(SdCustomer) c = sd_test_get_customer (shop->session, other);
    g_autoptr(GPtrArray) orders = sd_customers_get_orders (shop->session, id, &error);
    const SdOrder *newest;

    g_assert_cmpint (c->total_spent_cents, ==, 1000);
    g_assert_cmpint (c->order_count, ==, 1);
    g_assert_cmpint (c->refund_count, ==, 0);
    g_assert_cmpint (c->first_order_at, ==, beijing (2024, 5, 1, 0, 0, 0));
    g_assert_cmpint (c->last_order_at, ==, c->first_order_at);

    g_assert_no_error (error);
    g_assert_cmpuint (orders->len, ==, 6);
    /* Newest first. */
    newest = g_ptr_array_index (orders, 0);
    g_assert_cmpstr (newest->platform_order_id, ==, "T1003");
    g_assert_cmpstr (newest->status, ==, "WAIT_BUYER_PAY");
    g_assert_cmpint (newest->paid_at, ==, 0);
    for (guint i = 0; i < orders->len; i++)
      {
        const SdOrder *o = g_ptr_array_index (orders, i);
        g_assert_cmpint (o->customer_id, ==, id);
        if (g_str_equal (o->platform_order_id, "T1005"))
          {
            g_assert_cmpstr (o->refund_state, ==, "full");
            g_assert_cmpint (o->amount_cents, ==, 4550);
          }
        else if (g_str_equal (o->platform_order_id, "T1002"))
          {
            g_assert_cmpstr (o->status, ==, "WAIT_BUYER_CONFIRM_GOODS");
            g_assert_cmpstr (o->refund_state, ==, "none");
            g_assert_cmpint (o->created_at, ==, beijing (2024, 2, 10, 12, 30, 0));
            g_assert_cmpint (o->paid_at, ==, beijing (2024, 2, 10, 12, 31, 0));
          }
        else if (g_str_equal (o->platform_order_id, "T1004"))
          g_assert_cmpstr (o->status, ==, "TRADE_CLOSED");
      }
  }

  /* The same file again changes nothing. */
  {
    g_autoptr(SdImportResult) again = import_text (shop, SD_IMPORT_ORDERS, "orders.csv", orders_csv,
                                                   SD_IMPORT_ABORT_ON_ERROR);
    g_assert_cmpuint (again->inserted, ==, 0);
    g_assert_cmpuint (again->updated, ==, 0);
    g_assert_cmpuint (again->unchanged, ==, 7);
    g_assert_cmpuint (again->customers_created, ==, 0);
    g_assert_cmpint (sd_customers_count_orders (shop->session), ==, 7);
    assert_agg_buyer (shop, id);
  }

  /* A later report: the unpaid order was paid and finished. */
  {
    static const char update_csv[] =
      "订单编号,买家会员名,买家实际支付金额,订单状态,订单创建时间\n"
      "T1003,agg_buyer,200.00,交易成功,2024-03-01 09:00:00\n";
    g_autoptr(SdImportResult) paid = import_text (shop, SD_IMPORT_ORDERS, "update.csv", update_csv,
                                                  SD_IMPORT_ABORT_ON_ERROR);
    g_autoptr(SdCustomer) c = NULL;

    g_assert_cmpuint (paid->inserted, ==, 0);
    g_assert_cmpuint (paid->updated, ==, 1);
    c = sd_test_get_customer (shop->session, id);
    g_assert_cmpint (c->total_spent_cents, ==, 27990 + 20000);
    g_assert_cmpint (c->order_count, ==, 4);
    g_assert_cmpint (c->last_order_at, ==, beijing (2024, 3, 1, 9, 0, 0));
    g_assert_cmpint (c->refund_count, ==, 1);
  }
}

static void
test_aggregates_rebuild (Shop          *shop,
                         gconstpointer  data)
{
  g_autoptr(SdImportResult) result = NULL;
  g_autoptr(GError) error = NULL;
  gint64 id, lonely;

  result = import_text (shop, SD_IMPORT_ORDERS, "orders.csv", orders_csv, SD_IMPORT_ABORT_ON_ERROR);
  g_assert_cmpuint (result->errors->len, ==, 0);
  g_assert_cmpuint (result->customers_created, ==, 2);
  id = find_nick (shop, "agg_buyer");
  lonely = sd_test_add_customer (shop->session, "no_orders", "", "");
  assert_agg_buyer (shop, id);

  g_assert_true (sd_customers_rebuild_aggregates (shop->session, &error));
  g_assert_no_error (error);
  assert_agg_buyer (shop, id);

  /* Wrong figures, as a crash between writes could leave them, are put right. */
  g_assert_true (_sd_db_exec (shop->db,
                              "UPDATE customers SET total_spent_cents = 1, order_count = 99, first_order_at = 5, "
                              "last_order_at = 6, refund_count = 7", &error));
  g_assert_no_error (error);
  g_assert_true (sd_customers_rebuild_aggregates (shop->session, &error));
  g_assert_no_error (error);
  assert_agg_buyer (shop, id);
  {
    g_autoptr(SdCustomer) c = sd_test_get_customer (shop->session, lonely);
    g_assert_cmpint (c->total_spent_cents, ==, 0);
    g_assert_cmpint (c->order_count, ==, 0);
    g_assert_cmpint (c->first_order_at, ==, 0);
    g_assert_cmpint (c->last_order_at, ==, 0);
    g_assert_cmpint (c->refund_count, ==, 0);
  }
  {
    g_autoptr(SdCustomer) c = sd_test_get_customer (shop->session, find_nick (shop, "other_buyer"));
    g_assert_cmpint (c->total_spent_cents, ==, 1000);
    g_assert_cmpint (c->order_count, ==, 1);
    g_assert_cmpint (c->refund_count, ==, 0);
  }
}

/* ---- merge ---- */

typedef struct
{
  gint64 keep;
  gint64 other;
  gint64 keep_note;
  gint64 other_note;
} MergePair;

static void
merge_pair_create (Shop      *shop,
                   MergePair *pair)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SdImportResult) result = NULL;
  static const char csv[] =
    "订单编号,买家会员名,买家实际支付金额,订单状态,订单创建时间,退款金额\n"
    "M1,merge_keep,100.00,交易成功,2024-01-10 10:00:00,\n"
    "M2,merge_keep,50.00,交易成功,2024-03-01 10:00:00,\n"
    "M3,merge_other,30.00,交易成功,2023-12-01 10:00:00,\n"
    "M4,merge_other,20.00,交易成功,2024-04-01 10:00:00,20.00\n";

  {
    g_autoptr(SdCustomer) keep = sd_test_new_customer ("merge_keep", "张三", "13800000001");
    sd_customer_set_text (&keep->province, "浙江省");
    sd_customer_set_text (&keep->city, "杭州市");
    sd_customer_set_text (&keep->district, "西湖区");
    sd_customer_set_text (&keep->address, "文三路1号");
    g_assert_true (sd_customers_save (shop->session, keep, NULL, &error));
    g_assert_no_error (error);
    pair->keep = keep->id;
  }
  {
    g_autoptr(SdCustomer) other = sd_test_new_customer ("merge_other", "", "13900000002");
    sd_customer_set_text (&other->name, "张三丰");
    sd_customer_set_text (&other->email, "other@example.com");
    sd_customer_set_text (&other->birthday, "1990-05-01");
    sd_customer_set_text (&other->province, "江苏省");
    sd_customer_set_text (&other->city, "南京市");
    other->gender = SD_GENDER_MALE;
    g_assert_true (sd_customers_save (shop->session, other, NULL, &error));
    g_assert_no_error (error);
    pair->other = other->id;
  }
  g_assert_true (sd_customers_add_tag (shop->session, pair->keep, "VIP", &error));
  g_assert_true (sd_customers_add_tag (shop->session, pair->other, "VIP", &error));
  g_assert_true (sd_customers_add_tag (shop->session, pair->other, "老客户", &error));
  g_assert_true (sd_customers_add_note (shop->session, pair->keep, "keep note", &pair->keep_note, &error));
  g_assert_true (sd_customers_add_note (shop->session, pair->other, "other note", &pair->other_note, &error));
  g_assert_true (sd_customers_set_sms_opt_out (shop->session, pair->other, TRUE, "不要短信", &error));
  g_assert_no_error (error);

  result = import_text (shop, SD_IMPORT_ORDERS, "merge-orders.csv", csv, SD_IMPORT_ABORT_ON_ERROR);
  g_assert_cmpuint (result->errors->len, ==, 0);
  g_assert_cmpuint (result->inserted, ==, 4);
  g_assert_cmpuint (result->customers_created, ==, 0);
}

static void
assert_merged_values (const SdCustomer *m,
                      const MergePair  *pair)
{
  g_assert_cmpint (m->id, ==, pair->keep);
  /* The kept customer's values win … */
  g_assert_cmpstr (m->nick, ==, "merge_keep");
  g_assert_cmpstr (m->name, ==, "张三");
  g_assert_cmpstr (m->phone, ==, "+8613800000001");
  g_assert_cmpint (m->phone_state, ==, SD_PHONE_VALID);
  g_assert_cmpstr (m->province, ==, "浙江省");
  g_assert_cmpstr (m->city, ==, "杭州市");
  g_assert_cmpstr (m->district, ==, "西湖区");
  g_assert_cmpstr (m->address, ==, "文三路1号");
  /* … and what it lacks comes from the other. */
  g_assert_cmpstr (m->email, ==, "other@example.com");
  g_assert_cmpstr (m->birthday, ==, "1990-05-01");
  g_assert_cmpint (m->gender, ==, SD_GENDER_MALE);
  g_assert_cmpint (m->sms_opt_out_at, >, 0);
  g_assert_cmpstr (m->sms_opt_out_reason, ==, "不要短信");
  /* Counted: M1, M2, M3; M4 was refunded. */
  g_assert_cmpint (m->total_spent_cents, ==, 18000);
  g_assert_cmpint (m->order_count, ==, 3);
  g_assert_cmpint (m->refund_count, ==, 1);
  g_assert_cmpint (m->first_order_at, ==, beijing (2023, 12, 1, 10, 0, 0));
  g_assert_cmpint (m->last_order_at, ==, beijing (2024, 3, 1, 10, 0, 0));
  g_assert_cmpint (sd_customer_get_average_order_cents (m), ==, 6000);
}

static gboolean
has_tag (const SdCustomer *c,
         const char       *tag)
{
  for (guint i = 0; i < c->tags->len; i++)
    if (g_strcmp0 (g_ptr_array_index (c->tags, i), tag) == 0)
      return TRUE;
  return FALSE;
}

static void
test_merge_preview (Shop          *shop,
                    gconstpointer  data)
{
  MergePair pair = { 0 };
  g_autoptr(GError) error = NULL;
  g_autoptr(SdCustomer) preview = NULL;

  merge_pair_create (shop, &pair);
  preview = sd_customers_preview_merge (shop->session, pair.keep, pair.other, &error);
  g_assert_no_error (error);
  g_assert_nonnull (preview);
  assert_merged_values (preview, &pair);
  g_assert_cmpuint (preview->tags->len, ==, 2);
  g_assert_true (has_tag (preview, "VIP"));
  g_assert_true (has_tag (preview, "老客户"));
  g_assert_nonnull (preview->notes);
  g_assert_cmpuint (preview->notes->len, ==, 2);

  /* Nothing changed. */
  g_assert_cmpint (sd_test_count_customers (shop->session), ==, 2);
  {
    g_autoptr(SdCustomer) keep = sd_test_get_customer (shop->session, pair.keep);
    g_autoptr(SdCustomer) other = sd_test_get_customer (shop->session, pair.other);
    g_autoptr(GPtrArray) keep_orders = sd_customers_get_orders (shop->session, pair.keep, &error);
    g_autoptr(GPtrArray) other_orders = sd_customers_get_orders (shop->session, pair.other, &error);

    g_assert_no_error (error);
    g_assert_cmpstr (keep->email, ==, "");
    g_assert_cmpint (keep->gender, ==, SD_GENDER_UNKNOWN);
    g_assert_cmpint (keep->sms_opt_out_at, ==, 0);
    g_assert_cmpint (keep->total_spent_cents, ==, 15000);
    g_assert_cmpint (keep->order_count, ==, 2);
    g_assert_cmpuint (keep->notes->len, ==, 1);
    assert_tags (keep->tags, "VIP");
    g_assert_cmpint (other->total_spent_cents, ==, 3000);
    g_assert_cmpint (other->order_count, ==, 1);
    g_assert_cmpint (other->refund_count, ==, 1);
    g_assert_cmpuint (other->notes->len, ==, 1);
    assert_tags (other->tags, "VIP", "老客户");
    g_assert_cmpuint (keep_orders->len, ==, 2);
    g_assert_cmpuint (other_orders->len, ==, 2);
  }
}

static void
test_merge_apply (Shop          *shop,
                  gconstpointer  data)
{
  MergePair pair = { 0 };
  g_autoptr(GError) error = NULL;
  g_autoptr(SdCustomer) merged = NULL;
  g_autoptr(SdCustomer) gone = NULL;
  g_autoptr(GPtrArray) orders = NULL;
  g_autoptr(GPtrArray) left = NULL;
  g_autofree char *other_ref = NULL;

  merge_pair_create (shop, &pair);
  /* Grade 2 by three trades: the kept customer has two, the other one more. */
  {
    g_autoptr(SdTierLadder) ladder = sd_tiers_get_ladder (shop->session, &error);
    SdTierGrade grade = ladder->grades[2];
    grade.basis = SD_TIER_BASIS_COUNT;
    grade.threshold = 3;
    g_assert_true (sd_tiers_set_grade (shop->session, 2, &grade, NULL, &error));
    g_assert_no_error (error);
  }
  {
    g_autoptr(SdCustomer) before = sd_test_get_customer (shop->session, pair.keep);
    g_assert_cmpint (before->tier, ==, 1);
  }
  g_assert_true (sd_customers_merge (shop->session, pair.keep, pair.other, &error));
  g_assert_no_error (error);

  gone = sd_customers_get (shop->session, pair.other, &error);
  g_assert_null (gone);
  g_assert_error (error, SD_ERROR, SD_ERROR_NOT_FOUND);
  g_clear_error (&error);
  g_assert_cmpint (sd_test_count_customers (shop->session), ==, 1);

  merged = sd_test_get_customer (shop->session, pair.keep);
  assert_merged_values (merged, &pair);
  assert_tags (merged->tags, "VIP", "老客户");
  /* The tier follows the merged figures at once, and the history says why. */
  g_assert_cmpint (merged->tier, ==, 2);
  {
    g_autoptr(GPtrArray) history = sd_tiers_list_history (shop->session, pair.keep, &error);
    const SdTierChange *newest;
    g_assert_no_error (error);
    newest = g_ptr_array_index (history, 0);
    g_assert_cmpint (newest->from_tier, ==, 1);
    g_assert_cmpint (newest->to_tier, ==, 2);
    g_assert_cmpint (newest->cause, ==, SD_TIER_CAUSE_RECOMPUTE);
    g_assert_cmpstr (newest->detail, ==, "merge");
  }

  orders = sd_customers_get_orders (shop->session, pair.keep, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (orders->len, ==, 4);
  for (guint i = 0; i < orders->len; i++)
    g_assert_cmpint (((SdOrder *) g_ptr_array_index (orders, i))->customer_id, ==, pair.keep);
  left = sd_customers_get_orders (shop->session, pair.other, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (left->len, ==, 0);
  g_assert_cmpint (sd_customers_count_orders (shop->session), ==, 4);

  /* Both notes, then the trace of what the other record was. */
  g_assert_cmpuint (merged->notes->len, ==, 3);
  {
    const SdNote *trace = NULL;
    gboolean saw_keep = FALSE, saw_other = FALSE;

    for (guint i = 0; i < merged->notes->len; i++)
      {
        const SdNote *n = g_ptr_array_index (merged->notes, i);
        g_assert_cmpint (n->customer_id, ==, pair.keep);
        if (n->id == pair.keep_note)
          saw_keep = g_str_equal (n->body, "keep note");
        else if (n->id == pair.other_note)
          saw_other = g_str_equal (n->body, "other note");
        else
          trace = n;
      }
    g_assert_true (saw_keep);
    g_assert_true (saw_other);
    g_assert_nonnull (trace);
    other_ref = g_strdup_printf ("#%" G_GINT64_FORMAT, pair.other);
    g_assert_nonnull (strstr (trace->body, other_ref));
    g_assert_nonnull (strstr (trace->body, "merge_other"));
    g_assert_nonnull (strstr (trace->body, "张三丰"));
    /* Notes are read by accounts that see numbers masked: the trace holds the mask. */
    g_assert_nonnull (strstr (trace->body, "139****0002"));
    g_assert_null (strstr (trace->body, "13900000002"));
    g_assert_cmpstr (trace->author_name, ==, sd_session_get_staff_name (shop->session));
    g_assert_true (trace == g_ptr_array_index (merged->notes, 2));
  }

  /* Rebuilding the figures agrees with what the merge left. */
  g_assert_true (sd_customers_rebuild_aggregates (shop->session, &error));
  g_assert_no_error (error);
  {
    g_autoptr(SdCustomer) again = sd_test_get_customer (shop->session, pair.keep);
    assert_merged_values (again, &pair);
  }

  /* The other's nick is free again and search finds only the kept customer. */
  {
    g_autoptr(SdCustomerQuery) q = sd_customer_query_new ();
    g_autoptr(GPtrArray) rows = NULL;
    q->text = g_strdup ("张三丰");
    rows = sd_customers_find (shop->session, q, NULL, 10, &error);
    g_assert_no_error (error);
    g_assert_cmpuint (rows->len, ==, 1);
    g_assert_cmpint (((SdCustomer *) g_ptr_array_index (rows, 0))->id, ==, pair.keep);
  }
  sd_test_add_customer (shop->session, "merge_other", "新的", "");
}

static void
test_merge_refused (Shop          *shop,
                    gconstpointer  data)
{
  MergePair pair = { 0 };
  g_autoptr(GError) error = NULL;
  g_autoptr(SdCustomer) preview = NULL;

  merge_pair_create (shop, &pair);
  g_assert_false (sd_customers_merge (shop->session, pair.keep, pair.keep, &error));
  g_assert_error (error, SD_ERROR, SD_ERROR_INVALID_INPUT);
  g_clear_error (&error);
  preview = sd_customers_preview_merge (shop->session, pair.keep, pair.keep, &error);
  g_assert_null (preview);
  g_assert_error (error, SD_ERROR, SD_ERROR_INVALID_INPUT);
  g_clear_error (&error);
  g_assert_false (sd_customers_merge (shop->session, pair.keep, 9999, &error));
  g_assert_error (error, SD_ERROR, SD_ERROR_NOT_FOUND);
  g_clear_error (&error);
  g_assert_false (sd_customers_merge (shop->session, 9999, pair.other, &error));
  g_assert_error (error, SD_ERROR, SD_ERROR_NOT_FOUND);
  g_clear_error (&error);

  /* Nothing of a refused merge stays. */
  g_assert_cmpint (sd_test_count_customers (shop->session), ==, 2);
  {
    g_autoptr(SdCustomer) keep = sd_test_get_customer (shop->session, pair.keep);
    g_autoptr(SdCustomer) other = sd_test_get_customer (shop->session, pair.other);
    g_assert_cmpuint (keep->notes->len, ==, 1);
    g_assert_cmpuint (other->notes->len, ==, 1);
    g_assert_cmpint (keep->order_count, ==, 2);
    g_assert_cmpint (other->order_count, ==, 1);
  }
}

/* ---- search ---- */

static const char search_customers_csv[] =
  "nick,name,phone,province,city,district,address,tags\n"
  "XiaoMing_88,王小明,13912345678,浙江,杭州市,西湖区,文三路100号,VIP\n"
  "fangfang,王芳,13800001111,江苏省,南京市,鼓楼区,中山路1号,\n"
  "lw,李王,15000002222,广东省,深圳市,南山区,科技园,老客户\n"
  "ZhangWei,张伟,18600005678,广东,广州市,天河区,天河路88号,VIP;老客户\n";

static const char search_orders_csv[] =
  "订单编号,买家会员名,买家实际支付金额,订单状态,订单创建时间\n"
  "S1,XiaoMing_88,100.00,交易成功,2024-01-01 10:00:00\n"
  "S2,XiaoMing_88,50.00,交易成功,2024-06-01 10:00:00\n"
  "S3,fangfang,500.00,交易成功,2024-03-01 10:00:00\n"
  "S4,ZhangWei,10.00,交易成功,2023-05-01 10:00:00\n"
  "S5,ZhangWei,10.00,交易成功,2023-06-01 10:00:00\n"
  "S6,ZhangWei,10.00,交易成功,2023-07-01 10:00:00\n";

typedef struct
{
  gint64 ming;
  gint64 fang;
  gint64 lw;
  gint64 wei;
  gint64 min;
} SearchShop;

static void
search_shop_create (Shop       *shop,
                    SearchShop *s)
{
  g_autoptr(GError) error = NULL;

  /* Imported into an empty shop: these four are in the built search index … */
  {
    g_autoptr(SdImportResult) r = import_text (shop, SD_IMPORT_CUSTOMERS, "customers.csv", search_customers_csv,
                                               SD_IMPORT_ABORT_ON_ERROR);
    g_assert_cmpuint (r->errors->len, ==, 0);
    g_assert_cmpuint (r->inserted, ==, 4);
  }
  {
    g_autoptr(SdImportResult) r = import_text (shop, SD_IMPORT_ORDERS, "orders.csv", search_orders_csv,
                                               SD_IMPORT_ABORT_ON_ERROR);
    g_assert_cmpuint (r->errors->len, ==, 0);
    g_assert_cmpuint (r->inserted, ==, 6);
  }
  s->ming = find_nick (shop, "XiaoMing_88");
  s->fang = find_nick (shop, "fangfang");
  s->lw = find_nick (shop, "lw");
  s->wei = find_nick (shop, "ZhangWei");
  /* … this one was added afterwards. */
  s->min = sd_test_add_customer (shop->session, "minmin", "赵敏", "");
  g_assert_true (sd_customers_add_note (shop->session, s->min, "喜欢蓝色包装，住在 Hangzhou", NULL, &error));
  g_assert_no_error (error);
  g_assert_true (sd_customers_add_tag (shop->session, s->min, "VIP", &error));
  g_assert_no_error (error);
}

/* The ids a query finds, in order, compared with the expected list; and the count. */
static void
assert_finds (Shop                  *shop,
              const SdCustomerQuery *q,
              const gint64          *expected,
              guint                  n_expected)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) rows = sd_customers_find (shop->session, q, NULL, 1000, &error);
  g_autoptr(GString) got = g_string_new (NULL);
  g_autoptr(GString) want = g_string_new (NULL);
  gint64 count;

  g_assert_no_error (error);
  g_assert_nonnull (rows);
  for (guint i = 0; i < rows->len; i++)
    g_string_append_printf (got, " %" G_GINT64_FORMAT, ((SdCustomer *) g_ptr_array_index (rows, i))->id);
  for (guint i = 0; i < n_expected; i++)
    g_string_append_printf (want, " %" G_GINT64_FORMAT, expected[i]);
  if (!g_str_equal (got->str, want->str))
    g_test_message ("query “%s” tag “%s” province “%s”: got [%s ] expected [%s ]",
                    q->text ? q->text : "", q->tag ? q->tag : "", q->province ? q->province : "", got->str, want->str);
  g_assert_cmpstr (got->str, ==, want->str);

  count = sd_customers_count (shop->session, q, &error);
  g_assert_no_error (error);
  g_assert_cmpint (count, ==, n_expected);
}

#define assert_text_finds(shop, query_text, ...) \
  G_STMT_START { \
    const gint64 _ids[] = { __VA_ARGS__ }; \
    g_autoptr(SdCustomerQuery) _q = sd_customer_query_new (); \
    _q->text = g_strdup (query_text); \
    assert_finds ((shop), _q, _ids, G_N_ELEMENTS (_ids) - 1); \
  } G_STMT_END

static void
test_search_text (Shop          *shop,
                  gconstpointer  data)
{
  SearchShop s;

  search_shop_create (shop, &s);

  /* One and two Chinese characters. */
  assert_text_finds (shop, "王", s.ming, s.fang, s.lw, 0);
  assert_text_finds (shop, "王芳", s.fang, 0);
  assert_text_finds (shop, "小明", s.ming, 0);
  assert_text_finds (shop, "王小明", s.ming, 0);
  assert_text_finds (shop, "敏", s.min, 0);
  assert_text_finds (shop, "芳王", 0);
  assert_text_finds (shop, " 王 ", s.ming, s.fang, s.lw, 0);
  /* The last four digits of a mobile number; fewer digits do not search phones. */
  assert_text_finds (shop, "5678", s.ming, s.wei, 0);
  assert_text_finds (shop, "1111", s.fang, 0);
  assert_text_finds (shop, "0000", s.fang, s.lw, s.wei, 0);
  assert_text_finds (shop, "13912345678", s.ming, 0);
  assert_text_finds (shop, "678", 0);
  /* A nick, in any case, in part. */
  assert_text_finds (shop, "xiaoming", s.ming, 0);
  assert_text_finds (shop, "XIAOMING", s.ming, 0);
  assert_text_finds (shop, "zhang", s.wei, 0);
  assert_text_finds (shop, "ngWe", s.wei, 0);
  assert_text_finds (shop, "fang", s.fang, 0);
  assert_text_finds (shop, "ＦＡＮＧ", s.fang, 0);
  /* Address words, the region read as one. */
  assert_text_finds (shop, "文三路", s.ming, 0);
  assert_text_finds (shop, "中山路", s.fang, 0);
  assert_text_finds (shop, "天河", s.wei, 0);
  assert_text_finds (shop, "浙江", s.ming, 0);
  assert_text_finds (shop, "广东省深圳", s.lw, 0);
  /* A note word. */
  assert_text_finds (shop, "蓝色", s.min, 0);
  assert_text_finds (shop, "hangzhou", s.min, 0);
  assert_text_finds (shop, "不存在的词", 0);
}

static void
test_search_filters (Shop          *shop,
                     gconstpointer  data)
{
  SearchShop s;

  search_shop_create (shop, &s);

#define QUERY(setup, ...) \
  G_STMT_START { \
    const gint64 _ids[] = { __VA_ARGS__ }; \
    g_autoptr(SdCustomerQuery) q = sd_customer_query_new (); \
    setup; \
    assert_finds (shop, q, _ids, G_N_ELEMENTS (_ids) - 1); \
  } G_STMT_END

  QUERY (q->tag = g_strdup ("VIP"), s.ming, s.wei, s.min, 0);
  QUERY (q->tag = g_strdup ("老客户"), s.lw, s.wei, 0);
  QUERY ((q->tag = g_strdup ("VIP"), q->text = g_strdup ("王")), s.ming, 0);
  QUERY ((q->tag = g_strdup ("没有的标签")), 0);
  QUERY (q->province = g_strdup ("浙江"), s.ming, 0);
  QUERY (q->province = g_strdup ("浙江省"), s.ming, 0);
  QUERY (q->province = g_strdup ("广东"), s.lw, s.wei, 0);
  QUERY ((q->province = g_strdup ("广东"), q->text = g_strdup ("王")), s.lw, 0);
  QUERY (q->min_spent_cents = 10000, s.ming, s.fang, 0);
  QUERY (q->min_spent_cents = 15000, s.ming, s.fang, 0);
  QUERY (q->min_spent_cents = 15001, s.fang, 0);
  QUERY (q->max_spent_cents = 15000, s.ming, s.lw, s.wei, s.min, 0);
  QUERY ((q->min_spent_cents = 3000, q->max_spent_cents = 15000), s.ming, s.wei, 0);
  QUERY ((q->text = g_strdup ("王"), q->min_spent_cents = 20000), s.fang, 0);
  QUERY (q->min_orders = 2, s.ming, s.wei, 0);
  QUERY (q->min_orders = 3, s.wei, 0);
  QUERY ((q->min_orders = 1, q->max_orders = 2), s.ming, s.fang, 0);
  QUERY ((q->text = g_strdup ("王"), q->min_orders = 2), s.ming, 0);
  QUERY (q->last_order_after = beijing (2024, 1, 1, 0, 0, 0), s.ming, s.fang, 0);
  QUERY (q->last_order_after = beijing (2024, 6, 1, 10, 0, 0), s.ming, 0);
  QUERY (q->last_order_after = beijing (2024, 6, 1, 10, 0, 1), 0);
  QUERY ((q->last_order_after = beijing (2023, 1, 1, 0, 0, 0), q->last_order_before = beijing (2024, 5, 1, 0, 0, 0)),
         s.fang, s.wei, 0);
  QUERY ((q->last_order_after = beijing (2023, 1, 1, 0, 0, 0), q->last_order_before = beijing (2024, 3, 1, 10, 0, 0)),
         s.wei, 0);
  QUERY ((q->text = g_strdup ("广"), q->tag = g_strdup ("老客户"), q->min_orders = 1), s.wei, 0);

  /* Sorted by what was spent, largest first. */
  QUERY ((q->sort = SD_CUSTOMER_SORT_TOTAL_SPENT, q->descending = TRUE, q->min_spent_cents = 1),
         s.fang, s.ming, s.wei, 0);
  QUERY ((q->sort = SD_CUSTOMER_SORT_ORDER_COUNT, q->text = g_strdup ("王")), s.lw, s.fang, s.ming, 0);
#undef QUERY
}

static void
test_search_blank (Shop          *shop,
                   gconstpointer  data)
{
  g_autoptr(SdCustomerQuery) q = sd_customer_query_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) rows = NULL;

  sd_test_add_customer (shop->session, "someone", "", "");
  sd_test_add_customer (shop->session, "someone_else", "", "");
  /* Blank text is no search: everyone. */
  q->text = g_strdup ("   ");
  rows = sd_customers_find (shop->session, q, NULL, 10, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (rows->len, ==, 2);
  g_assert_cmpint (sd_customers_count (shop->session, q, &error), ==, 2);
  g_assert_no_error (error);
}

/* ---- sorting and keyset paging ---- */

#define DEMO_CUSTOMERS 3000
#define DEMO_ORDERS 12000
#define PAGE 50

static const char *
text_key (const SdCustomer *c,
          SdCustomerSort    sort)
{
  switch (sort)
    {
    case SD_CUSTOMER_SORT_NAME:
      return c->name;
    case SD_CUSTOMER_SORT_NICK:
      return c->nick;
    case SD_CUSTOMER_SORT_PHONE:
      return c->phone;
    case SD_CUSTOMER_SORT_CITY:
      return c->city;
    case SD_CUSTOMER_SORT_ID:
    case SD_CUSTOMER_SORT_TOTAL_SPENT:
    case SD_CUSTOMER_SORT_ORDER_COUNT:
    case SD_CUSTOMER_SORT_LAST_ORDER:
    default:
      g_assert_not_reached ();
    }
  return NULL;
}

static gint64
int_key (const SdCustomer *c,
         SdCustomerSort    sort)
{
  switch (sort)
    {
    case SD_CUSTOMER_SORT_ID:
      return c->id;
    case SD_CUSTOMER_SORT_TOTAL_SPENT:
      return c->total_spent_cents;
    case SD_CUSTOMER_SORT_ORDER_COUNT:
      return c->order_count;
    case SD_CUSTOMER_SORT_LAST_ORDER:
      return c->last_order_at;
    case SD_CUSTOMER_SORT_NAME:
    case SD_CUSTOMER_SORT_NICK:
    case SD_CUSTOMER_SORT_PHONE:
    case SD_CUSTOMER_SORT_CITY:
    default:
      g_assert_not_reached ();
    }
  return 0;
}

static int
cmp64 (gint64 a,
       gint64 b)
{
  return a < b ? -1 : a > b;
}

/* SQLite's BINARY collation: bytes, which is what strcmp() compares. */
static int
compare_rows (gconstpointer a,
              gconstpointer b,
              gpointer      user_data)
{
  const SdCustomerQuery *q = user_data;
  const SdCustomer *x = *(SdCustomer * const *) a;
  const SdCustomer *y = *(SdCustomer * const *) b;
  int c;

  if (sd_customer_sort_is_text (q->sort))
    {
      c = strcmp (text_key (x, q->sort), text_key (y, q->sort));
      c = c < 0 ? -1 : c > 0;
    }
  else
    c = cmp64 (int_key (x, q->sort), int_key (y, q->sort));
  if (c == 0)
    c = cmp64 (x->id, y->id);
  return q->descending ? -c : c;
}

typedef gboolean (*RowFilter) (const SdCustomer *c,
                               gpointer          user_data);

/* Every page of PAGE rows through the cursor, against an in-memory sort of @all. */
static void
assert_paging (Shop            *shop,
               SdCustomerQuery *q,
               GPtrArray       *all,
               RowFilter        filter,
               gpointer         user_data)
{
  g_autoptr(GPtrArray) expected = g_ptr_array_new ();
  g_autoptr(GArray) got = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(SdCustomerCursor) cursor = NULL;
  g_autoptr(GError) error = NULL;
  guint pages = 0;
  gint64 count;

  for (guint i = 0; i < all->len; i++)
    if (filter == NULL || filter (g_ptr_array_index (all, i), user_data))
      g_ptr_array_add (expected, g_ptr_array_index (all, i));
  g_ptr_array_sort_with_data (expected, compare_rows, q);

  for (;;)
    {
      g_autoptr(GPtrArray) rows = sd_customers_find (shop->session, q, cursor, PAGE, &error);

      g_assert_no_error (error);
      g_assert_nonnull (rows);
      g_assert_cmpuint (rows->len, <=, PAGE);
      for (guint i = 0; i < rows->len; i++)
        g_array_append_val (got, ((SdCustomer *) g_ptr_array_index (rows, i))->id);
      pages++;
      g_assert_cmpuint (pages, <=, expected->len / PAGE + 2);
      if (rows->len < PAGE)
        break;
      g_clear_pointer (&cursor, sd_customer_cursor_free);
      cursor = sd_customers_cursor_after (q, g_ptr_array_index (rows, rows->len - 1));
      g_assert_cmpint (cursor->sort, ==, q->sort);
      g_assert_cmpint (cursor->descending, ==, q->descending);
    }

  for (guint i = 0; i < MIN (got->len, expected->len); i++)
    {
      gint64 want = ((SdCustomer *) g_ptr_array_index (expected, i))->id;
      gint64 have = g_array_index (got, gint64, i);
      if (want != have)
        {
          g_test_message ("sort %s %s, text “%s”: row %u is #%" G_GINT64_FORMAT ", expected #%" G_GINT64_FORMAT,
                          sd_customer_sort_to_string (q->sort), q->descending ? "desc" : "asc",
                          q->text ? q->text : "", i, have, want);
          g_assert_cmpint (have, ==, want);
        }
    }
  if (got->len != expected->len)
    g_test_message ("sort %s %s, text “%s”: %u rows, expected %u",
                    sd_customer_sort_to_string (q->sort), q->descending ? "desc" : "asc",
                    q->text ? q->text : "", got->len, expected->len);
  g_assert_cmpuint (got->len, ==, expected->len);

  count = sd_customers_count (shop->session, q, &error);
  g_assert_no_error (error);
  g_assert_cmpint (count, ==, expected->len);
}

static void
assert_paging_every_sort (Shop            *shop,
                          SdCustomerQuery *q,
                          GPtrArray       *all,
                          RowFilter        filter,
                          gpointer         user_data)
{
  for (SdCustomerSort sort = SD_CUSTOMER_SORT_ID; sort <= SD_CUSTOMER_SORT_CITY; sort++)
    for (int desc = 0; desc <= 1; desc++)
      {
        gint64 start = g_get_monotonic_time ();

        q->sort = sort;
        q->descending = desc;
        assert_paging (shop, q, all, filter, user_data);
        g_test_message ("paging by %s %s: %.3f s", sd_customer_sort_to_string (sort), desc ? "desc" : "asc",
                        (g_get_monotonic_time () - start) / (double) G_USEC_PER_SEC);
      }
}

/* A demo shop, and every customer read one by one (not through the search under test). */
static GPtrArray *
demo_shop_fill (Shop *shop)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) all = g_ptr_array_new_with_free_func ((GDestroyNotify) sd_customer_free);

  g_assert_true (sd_demo_shop_fill (shop->session, DEMO_CUSTOMERS, DEMO_ORDERS, 3, 0, NULL, NULL, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpint (sd_test_count_customers (shop->session), ==, DEMO_CUSTOMERS);
  for (gint64 id = 1; id <= DEMO_CUSTOMERS; id++)
    g_ptr_array_add (all, sd_test_get_customer (shop->session, id));
  return g_steal_pointer (&all);
}

static void
test_paging_all (Shop          *shop,
                 gconstpointer  data)
{
  g_autoptr(GPtrArray) all = demo_shop_fill (shop);
  g_autoptr(SdCustomerQuery) q = sd_customer_query_new ();
  gboolean ties = FALSE;

  /* The keys have long runs of equal values, which is what paging gets wrong. */
  for (guint i = 1; i < all->len && !ties; i++)
    ties = ((SdCustomer *) g_ptr_array_index (all, i))->order_count ==
           ((SdCustomer *) g_ptr_array_index (all, i - 1))->order_count;
  g_assert_true (ties);

  assert_paging_every_sort (shop, q, all, NULL, NULL);
}

static gboolean
has_tag_cb (const SdCustomer *c,
            gpointer          user_data)
{
  return has_tag (c, user_data);
}

static void
test_paging_filter (Shop          *shop,
                    gconstpointer  data)
{
  g_autoptr(GPtrArray) all = demo_shop_fill (shop);
  g_autoptr(SdCustomerQuery) q = sd_customer_query_new ();

  q->tag = g_strdup ("老客户");
  assert_paging_every_sort (shop, q, all, has_tag_cb, q->tag);
}

/* Whether a one-character query (a CJK character, which normalisation keeps as it is)
 * is in the customer's searchable text. */
static gboolean
contains_char_cb (const SdCustomer *c,
                  gpointer          user_data)
{
  const char *needle = user_data;
  g_autofree char *region = g_strconcat (c->province, c->city, c->district, NULL);

  if (strstr (c->name, needle) || strstr (c->nick, needle) || strstr (region, needle) || strstr (c->address, needle))
    return TRUE;
  for (guint i = 0; c->notes && i < c->notes->len; i++)
    if (strstr (((SdNote *) g_ptr_array_index (c->notes, i))->body, needle))
      return TRUE;
  return FALSE;
}

typedef struct
{
  const char *needle;
  gint64      min_orders;
} CharAndOrders;

static gboolean
contains_char_and_orders_cb (const SdCustomer *c,
                             gpointer          user_data)
{
  CharAndOrders *what = user_data;

  return c->order_count >= what->min_orders && contains_char_cb (c, (gpointer) what->needle);
}

/* Notes added after the demo's index was built: those customers are searched by row. */
static void
add_notes_with (Shop       *shop,
                GPtrArray  *all,
                const char *needle,
                guint       n)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *body = g_strdup_printf ("备注%s备注", needle);
  guint added = 0;

  for (guint i = 0; i < all->len && added < n; i++)
    {
      SdCustomer *c = g_ptr_array_index (all, i);
      if (contains_char_cb (c, (gpointer) needle))
        continue;
      g_assert_true (sd_customers_add_note (shop->session, c->id, body, NULL, &error));
      g_assert_no_error (error);
      g_ptr_array_index (all, i) = sd_test_get_customer (shop->session, c->id);
      sd_customer_free (c);
      added++;
    }
  g_assert_cmpuint (added, ==, n);
}

static guint
count_matching (GPtrArray *all,
                RowFilter  filter,
                gpointer   user_data)
{
  guint n = 0;

  for (guint i = 0; i < all->len; i++)
    n += filter (g_ptr_array_index (all, i), user_data);
  return n;
}

static void
test_paging_search_small (Shop          *shop,
                          gconstpointer  data)
{
  g_autoptr(GPtrArray) all = demo_shop_fill (shop);
  g_autoptr(SdCustomerQuery) q = sd_customer_query_new ();
  guint n;

  add_notes_with (shop, all, "王", 7);
  n = count_matching (all, contains_char_cb, (gpointer) "王");
  g_assert_cmpuint (n, >, 2 * PAGE);
  g_assert_cmpuint (n, <, 2000);

  q->text = g_strdup ("王");
  assert_paging_every_sort (shop, q, all, contains_char_cb, (gpointer) "王");
}

static void
test_paging_search_large (Shop          *shop,
                          gconstpointer  data)
{
  g_autoptr(GPtrArray) all = demo_shop_fill (shop);
  g_autoptr(SdCustomerQuery) q = sd_customer_query_new ();
  CharAndOrders what = { "号", 3 };
  guint n;

  /* 号 ends most street addresses. */
  add_notes_with (shop, all, "号", 7);
  n = count_matching (all, contains_char_cb, (gpointer) "号");
  /* Past 2,000 matches the search walks the sort index instead. */
  g_assert_cmpuint (n, >, 2000);

  q->text = g_strdup ("号");
  assert_paging_every_sort (shop, q, all, contains_char_cb, (gpointer) "号");

  /* The same large match with a filter that narrows it. */
  q->min_orders = what.min_orders;
  n = count_matching (all, contains_char_and_orders_cb, &what);
  g_assert_cmpuint (n, >, PAGE);
  g_assert_cmpuint (n, <, 2000);
  assert_paging_every_sort (shop, q, all, contains_char_and_orders_cb, &what);
}

/* 市 is in almost every region (province, city and district read as one). Each page
 * costs more here, so two orders only. */
static void
test_paging_search_region (Shop          *shop,
                           gconstpointer  data)
{
  g_autoptr(GPtrArray) all = demo_shop_fill (shop);
  g_autoptr(SdCustomerQuery) q = sd_customer_query_new ();
  guint n;

  add_notes_with (shop, all, "市", 7);
  n = count_matching (all, contains_char_cb, (gpointer) "市");
  g_assert_cmpuint (n, >, 2000);

  q->text = g_strdup ("市");
  q->sort = SD_CUSTOMER_SORT_NAME;
  assert_paging (shop, q, all, contains_char_cb, (gpointer) "市");
  q->sort = SD_CUSTOMER_SORT_LAST_ORDER;
  q->descending = TRUE;
  assert_paging (shop, q, all, contains_char_cb, (gpointer) "市");
}

/* Two desktops on one shop: each its own connection, each the owner. */
static SdSession *
second_desktop (Shop *shop)
{
  return sd_test_login_owner (sd_db_get_path (shop->db));
}

static SdCustomer *
read_customer (SdSession *session,
               gint64     id)
{
  g_autoptr(GError) error = NULL;
  SdCustomer *c = sd_customers_get (session, id, &error);

  g_assert_no_error (error);
  g_assert_nonnull (c);
  return c;
}

/* A save made from a copy read before someone else's save is refused, and leaves the
 * other's save as it was; a change of the tags counts as a change of the record. */
static void
test_save_stale (Shop          *shop,
                 gconstpointer  data)
{
  g_autoptr(SdSession) other = second_desktop (shop);
  gint64 id = sd_test_add_customer (shop->session, "v1", "老王", "13812345678");
  g_autoptr(SdCustomer) mine = read_customer (shop->session, id);
  g_autoptr(SdCustomer) theirs = read_customer (other, id);
  g_autoptr(SdCustomer) stored = NULL;
  g_autoptr(GError) error = NULL;
  gint64 first = mine->row_version;

  g_assert_cmpint (first, >, 0);
  sd_customer_set_text (&theirs->name, "王先生");
  g_assert_true (sd_customers_save (other, theirs, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpint (theirs->row_version, ==, first + 1);

  sd_customer_set_text (&mine->name, "王老板");
  g_assert_false (sd_customers_save (shop->session, mine, NULL, &error));
  g_assert_error (error, SD_ERROR, SD_ERROR_STALE);
  g_clear_error (&error);
  stored = read_customer (shop->session, id);
  g_assert_cmpstr (stored->name, ==, "王先生");
  g_assert_cmpint (stored->row_version, ==, first + 1);

  /* A tag added from the list raises the version: the form that saves the whole tag list
   * must not take it back. */
  g_assert_true (sd_customers_add_tag (other, id, "VIP", &error));
  g_assert_no_error (error);
  g_assert_false (sd_customers_save (shop->session, stored, NULL, &error));
  g_assert_error (error, SD_ERROR, SD_ERROR_STALE);
  g_clear_error (&error);
  g_clear_pointer (&stored, sd_customer_free);
  stored = read_customer (shop->session, id);
  g_assert_cmpuint (stored->tags->len, ==, 1);
  g_assert_cmpint (stored->row_version, ==, first + 2);
}

/* Two people edit one customer: different fields combine, the same field is a conflict
 * that names the field and hands back the stored record; nothing is overwritten. */
static void
test_save_edit_combines (Shop          *shop,
                         gconstpointer  data)
{
  g_autoptr(SdSession) other = second_desktop (shop);
  gint64 id = sd_test_add_customer (shop->session, "v2", "李娜", "13912345678");
  g_autoptr(SdCustomer) base = read_customer (shop->session, id);
  g_autoptr(SdCustomer) mine = sd_customer_copy (base);
  g_autoptr(SdCustomer) theirs = read_customer (other, id);
  g_autoptr(SdCustomer) back = NULL;
  g_autoptr(SdCustomer) stored = NULL;
  g_auto(GStrv) conflicts = NULL;
  g_autoptr(GError) error = NULL;

  /* Nobody else saved: a plain save, no record handed back. */
  sd_customer_set_text (&mine->email, "li@example.com");
  g_assert_true (sd_customers_save_edit (shop->session, base, mine, &back, &conflicts, NULL, &error));
  g_assert_no_error (error);
  g_assert_null (back);
  g_assert_cmpuint (g_strv_length (conflicts), ==, 0);
  g_clear_pointer (&conflicts, g_strfreev);
  g_clear_pointer (&base, sd_customer_free);
  base = read_customer (shop->session, id);
  g_clear_pointer (&mine, sd_customer_free);
  mine = sd_customer_copy (base);

  /* They change the city; I change the name: both stay. */
  g_clear_pointer (&theirs, sd_customer_free);
  theirs = read_customer (other, id);
  sd_customer_set_text (&theirs->city, "杭州市");
  g_assert_true (sd_customers_save (other, theirs, NULL, &error));
  g_assert_no_error (error);
  sd_customer_set_text (&mine->name, "李娜娜");
  g_assert_true (sd_customers_save_edit (shop->session, base, mine, &back, &conflicts, NULL, &error));
  g_assert_no_error (error);
  g_assert_nonnull (back);
  g_assert_cmpstr (back->city, ==, "杭州市");
  stored = read_customer (shop->session, id);
  g_assert_cmpstr (stored->name, ==, "李娜娜");
  g_assert_cmpstr (stored->city, ==, "杭州市");
  g_assert_cmpstr (stored->email, ==, "li@example.com");
  g_assert_cmpint (mine->row_version, ==, stored->row_version);
  g_clear_pointer (&back, sd_customer_free);
  g_clear_pointer (&conflicts, g_strfreev);

  /* Both change the name and the phone: refused, both fields named, theirs kept. */
  g_clear_pointer (&base, sd_customer_free);
  base = sd_customer_copy (stored);
  g_clear_pointer (&mine, sd_customer_free);
  mine = sd_customer_copy (base);
  g_clear_pointer (&theirs, sd_customer_free);
  theirs = read_customer (other, id);
  sd_customer_set_text (&theirs->name, "李小姐");
  sd_customer_set_text (&theirs->phone, "13700000001");
  g_assert_true (sd_customers_save (other, theirs, NULL, &error));
  g_assert_no_error (error);
  sd_customer_set_text (&mine->name, "李女士");
  sd_customer_set_text (&mine->phone, "13700000002");
  sd_customer_set_text (&mine->district, "西湖区");
  g_assert_false (sd_customers_save_edit (shop->session, base, mine, &back, &conflicts, NULL, &error));
  g_assert_error (error, SD_ERROR, SD_ERROR_STALE);
  g_assert_nonnull (back);
  g_assert_cmpstr (back->name, ==, "李小姐");
  g_assert_cmpuint (g_strv_length (conflicts), ==, 2);
  g_assert_true (g_strv_contains ((const char * const *) conflicts, "name"));
  g_assert_true (g_strv_contains ((const char * const *) conflicts, "phone"));
  g_clear_pointer (&stored, sd_customer_free);
  stored = read_customer (shop->session, id);
  g_assert_cmpstr (stored->name, ==, "李小姐");
  g_assert_cmpstr (stored->district, ==, "");
  g_assert_cmpint (stored->row_version, ==, back->row_version);

  /* Saving mine over theirs, knowingly: from their record as the new base. */
  g_clear_error (&error);
  g_clear_pointer (&conflicts, g_strfreev);
  g_assert_true (sd_customers_save_edit (shop->session, back, mine, NULL, &conflicts, NULL, &error));
  g_assert_no_error (error);
  g_clear_pointer (&stored, sd_customer_free);
  stored = read_customer (shop->session, id);
  g_assert_cmpstr (stored->name, ==, "李女士");
  g_assert_cmpstr (stored->phone, ==, "+8613700000002");
  g_assert_cmpstr (stored->district, ==, "西湖区");
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  SHOP_TEST ("/core/customers/save/normalises", test_save_normalises);
  SHOP_TEST ("/core/customers/save/invalid-email", test_save_invalid_email);
  SHOP_TEST ("/core/customers/save/invalid-birthday", test_save_invalid_birthday);
  SHOP_TEST ("/core/customers/save/needs-identity", test_save_needs_identity);
  SHOP_TEST ("/core/customers/save/duplicate-nick", test_save_duplicate_nick);
  g_test_add_func ("/core/customers/save/conflict-without-error", test_save_conflict_without_error);
  SHOP_TEST ("/core/customers/save/stale", test_save_stale);
  SHOP_TEST ("/core/customers/save/edit-combines", test_save_edit_combines);
  SHOP_TEST ("/core/customers/tags", test_tags);
  SHOP_TEST ("/core/customers/notes", test_notes);
  SHOP_TEST ("/core/customers/notes/restore", test_notes_restore);
  SHOP_TEST ("/core/customers/opt-out", test_opt_out);
  SHOP_TEST ("/core/customers/aggregates/import", test_aggregates_import);
  SHOP_TEST ("/core/customers/aggregates/rebuild", test_aggregates_rebuild);
  SHOP_TEST ("/core/customers/merge/preview", test_merge_preview);
  SHOP_TEST ("/core/customers/merge/apply", test_merge_apply);
  SHOP_TEST ("/core/customers/merge/refused", test_merge_refused);
  SHOP_TEST ("/core/customers/search/text", test_search_text);
  SHOP_TEST ("/core/customers/search/filters", test_search_filters);
  SHOP_TEST ("/core/customers/search/blank", test_search_blank);
  SHOP_TEST ("/core/customers/paging/all", test_paging_all);
  SHOP_TEST ("/core/customers/paging/filter", test_paging_filter);
  SHOP_TEST ("/core/customers/paging/search-small", test_paging_search_small);
  SHOP_TEST ("/core/customers/paging/search-large", test_paging_search_large);
  SHOP_TEST ("/core/customers/paging/search-region", test_paging_search_region);

  return g_test_run ();
}
