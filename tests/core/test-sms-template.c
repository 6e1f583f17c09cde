/* SPDX-License-Identifier: GPL-3.0-or-later */
#include <string.h>

#include "sd-sms-template.h"
#include "sd-sms-text.h"

static GHashTable *
table (const char *first_key,
       ...)
{
  GHashTable *t = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  va_list args;

  va_start (args, first_key);
  for (const char *key = first_key; key != NULL; key = va_arg (args, const char *))
    g_hash_table_insert (t, g_strdup (key), g_strdup (va_arg (args, const char *)));
  va_end (args);
  return t;
}

static void
test_content (void)
{
  static const struct { const char *body; const char *opt_out; const char *content; } cases[] = {
    { "亲爱的{name}，双11全场5折，", NULL, "亲爱的${name}，双11全场5折，拒收请回复R" },
    { "亲爱的${name}，双11全场5折", NULL, "亲爱的${name}，双11全场5折 拒收请回复R" },
    { "Hi {name}  ", "", "Hi ${name} 拒收请回复R" },
    { "全场50%", NULL, "全场50% 拒收请回复R" },
    { "Sale ends today!", NULL, "Sale ends today!拒收请回复R" },
    /* Never doubled: the same wording, or any gateway-accepted one, already at the end. */
    { "全场5折，拒收请回复R", NULL, "全场5折，拒收请回复R" },
    { "全场5折，拒收请回复R。 ", NULL, "全场5折，拒收请回复R。 " },
    { "全场5折，回T退订", NULL, "全场5折，回T退订" },
    { "全场5折，回TD退订", "拒收请回复R", "全场5折，回TD退订" },
    { "全场5折，退订回N", "退订回N", "全场5折，退订回N" },
    { "全场5折，", "回T退订", "全场5折，回T退订" },
    /* Editable, never removable: a blank wording is the default. */
    { "全场5折，", "   ", "全场5折，拒收请回复R" },
    /* Not placeholders: left as written. */
    { "{} {中文} ${ } {a b} $name {x", NULL, "{} {中文} ${ } {a b} $name {x 拒收请回复R" },
    { "", NULL, "拒收请回复R" },
  };

  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(SdSmsTemplate) t = sd_sms_template_new ("店", cases[i].body, cases[i].opt_out);
      g_autofree char *content = sd_sms_template_get_content (t);

      g_test_message ("body \"%s\"", cases[i].body);
      g_assert_cmpstr (content, ==, cases[i].content);
    }
}

static void
test_signature (void)
{
  static const char *given[] = { "小店", " 【小店】 ", "【小店", "小店】" };

  for (gsize i = 0; i < G_N_ELEMENTS (given); i++)
    {
      g_autoptr(SdSmsTemplate) t = sd_sms_template_new (given[i], "hi", NULL);
      g_autofree char *text = sd_sms_template_render (t, NULL, NULL, NULL);

      g_assert_cmpstr (sd_sms_template_get_signature (t), ==, "小店");
      g_assert_cmpstr (text, ==, "【小店】hi 拒收请回复R");
    }
  {
    g_autoptr(SdSmsTemplate) t = sd_sms_template_new (NULL, "hi", NULL);
    g_autofree char *text = sd_sms_template_render (t, NULL, NULL, NULL);

    g_assert_cmpstr (text, ==, "hi 拒收请回复R");
  }
}

static void
test_placeholders (void)
{
  g_autoptr(SdSmsTemplate) t =
    sd_sms_template_new ("店", "{name} ${grade} {name}{coupon}${my_field_2}{grade}", NULL);
  g_auto(GStrv) names = sd_sms_template_list_placeholders (t);
  g_autoptr(SdSmsTemplate) none = sd_sms_template_new ("店", "no fields here", NULL);
  g_auto(GStrv) empty = sd_sms_template_list_placeholders (none);
  const char *expected[] = { "name", "grade", "coupon", "my_field_2", NULL };

  g_assert_cmpstrv (names, expected);
  g_assert_cmpuint (g_strv_length (empty), ==, 0);
}

static void
test_render (void)
{
  g_autoptr(SdSmsTemplate) t =
    sd_sms_template_new ("小店", "{name}您好，您的{grade}专享券{coupon}，上次买的${last_item}{extra}，", NULL);
  g_autoptr(GHashTable) values = table ("name", "王小明", "grade", "金卡", "coupon", "SAVE10",
                                        "last_item", "茶叶", "extra", "!", "unused", "x", NULL);
  g_autofree char *json = NULL;
  g_autofree char *text = sd_sms_template_render (t, values, NULL, &json);

  g_assert_cmpstr (text, ==, "【小店】王小明您好，您的金卡专享券SAVE10，上次买的茶叶!，拒收请回复R");
  /* Only the values used, keys sorted, compact. */
  g_assert_cmpstr (json, ==,
                   "{\"coupon\":\"SAVE10\",\"extra\":\"!\",\"grade\":\"金卡\","
                   "\"last_item\":\"茶叶\",\"name\":\"王小明\"}");
}

/* An empty or missing value takes the campaign's fallback, else the built-in word. */
static void
test_fallbacks (void)
{
  g_autoptr(SdSmsTemplate) t =
    sd_sms_template_new ("店", "{name}/{nick}/{grade}/{last_item}/{shop}/{coupon}/{custom}", NULL);
  g_autoptr(GHashTable) values = table ("name", "", "shop", "我的店", NULL);
  g_autoptr(GHashTable) fallbacks = table ("custom", "朋友", "grade", "", NULL);
  g_autofree char *json = NULL;
  g_autofree char *text = sd_sms_template_render (t, values, NULL, &json);
  g_autofree char *json2 = NULL;
  g_autofree char *text2 = sd_sms_template_render (t, values, fallbacks, &json2);

  g_assert_cmpstr (text, ==, "【店】亲/亲/会员/宝贝/我的店// 拒收请回复R");
  g_assert_cmpstr (json, ==,
                   "{\"coupon\":\"\",\"custom\":\"\",\"grade\":\"会员\",\"last_item\":\"宝贝\","
                   "\"name\":\"亲\",\"nick\":\"亲\",\"shop\":\"我的店\"}");
  /* The campaign's fallback wins, even an empty one. */
  g_assert_cmpstr (text2, ==, "【店】亲/亲//宝贝/我的店//朋友 拒收请回复R");
  g_assert_cmpstr (sd_sms_placeholder_fallback ("name"), ==, "亲");
  g_assert_cmpstr (sd_sms_placeholder_fallback ("other"), ==, "");
}

/* Values are data: quotes, backslashes and control characters are escaped in the JSON. */
static void
test_render_json_escapes (void)
{
  g_autoptr(SdSmsTemplate) t = sd_sms_template_new ("店", "{name}", NULL);
  g_autoptr(GHashTable) values = table ("name", "a\"b\\c\nd\te\x01", NULL);
  g_autofree char *json = NULL;
  g_autofree char *text = sd_sms_template_render (t, values, NULL, &json);
  g_autoptr(GHashTable) none = NULL;
  g_autofree char *json_none = NULL;
  g_autoptr(SdSmsTemplate) plain = sd_sms_template_new ("店", "hello", NULL);
  g_autofree char *text_none = sd_sms_template_render (plain, none, NULL, &json_none);

  g_assert_cmpstr (json, ==, "{\"name\":\"a\\\"b\\\\c\\nd\\u0009e\\u0001\"}");
  g_assert_cmpstr (text, ==, "【店】a\"b\\c\nd\te\x01 拒收请回复R");
  g_assert_cmpstr (json_none, ==, "{}");
  g_assert_cmpstr (text_none, ==, "【店】hello 拒收请回复R");
}

/* Invalid UTF-8 anywhere comes out valid. */
static void
test_invalid_utf8 (void)
{
  g_autoptr(SdSmsTemplate) t = sd_sms_template_new ("\xff店", "a\xfe{name}", "\xc0R");
  g_autoptr(GHashTable) values = table ("name", "\xe5\xad", NULL);
  g_autofree char *json = NULL;
  g_autofree char *text = sd_sms_template_render (t, values, NULL, &json);

  g_assert_true (g_utf8_validate (text, -1, NULL));
  g_assert_true (g_utf8_validate (json, -1, NULL));
}

typedef struct
{
  SdSmsLintKind kind;
  guint offset;
  guint length;
  const char *named;   /* a word the message must contain */
} ExpectedIssue;

static void
check_lint (GPtrArray           *issues,
            const ExpectedIssue *expected,
            guint                n_expected)
{
  for (guint i = 0; i < issues->len; i++)
    {
      SdSmsLintIssue *issue = g_ptr_array_index (issues, i);

      g_test_message ("issue %u: kind %d at %u+%u: %s", i, issue->kind, issue->offset,
                      issue->length, issue->message);
    }
  g_assert_cmpuint (issues->len, ==, n_expected);
  for (guint i = 0; i < n_expected; i++)
    {
      SdSmsLintIssue *issue = g_ptr_array_index (issues, i);

      g_assert_cmpint (issue->kind, ==, expected[i].kind);
      g_assert_cmpuint (issue->offset, ==, expected[i].offset);
      g_assert_cmpuint (issue->length, ==, expected[i].length);
      if (expected[i].named != NULL)
        g_assert_nonnull (strstr (issue->message, expected[i].named));
    }
}

static void
test_lint_clean (void)
{
  g_autoptr(SdSmsTemplate) t = sd_sms_template_new ("店", "{name}您好，{grade}专享{coupon}", NULL);
  g_autoptr(GPtrArray) issues = sd_sms_template_lint (t, NULL, NULL, NULL);

  check_lint (issues, NULL, 0);
}

static void
test_lint_placeholders (void)
{
  g_autoptr(SdSmsTemplate) t = sd_sms_template_new ("店", "您好{name}，{birthday}和${colour}", NULL);
  const char *known[] = { "name", "colour", NULL };
  g_autoptr(GPtrArray) builtin = sd_sms_template_lint (t, NULL, NULL, NULL);
  g_autoptr(GPtrArray) custom = sd_sms_template_lint (t, known, NULL, NULL);

  check_lint (builtin, (ExpectedIssue[]) {
    { SD_SMS_LINT_UNKNOWN_PLACEHOLDER, 9, 10, "{birthday}" },
    { SD_SMS_LINT_UNKNOWN_PLACEHOLDER, 20, 9, "{colour}" },
  }, 2);
  check_lint (custom, (ExpectedIssue[]) {
    { SD_SMS_LINT_UNKNOWN_PLACEHOLDER, 9, 10, "{birthday}" },
  }, 1);
}

static void
test_lint_signature_and_empty (void)
{
  g_autoptr(SdSmsTemplate) t = sd_sms_template_new ("  【】 ", " \n ", NULL);
  g_autoptr(GPtrArray) issues = sd_sms_template_lint (t, NULL, NULL, NULL);

  check_lint (issues, (ExpectedIssue[]) {
    { SD_SMS_LINT_NO_SIGNATURE, 0, 0, NULL },
    { SD_SMS_LINT_EMPTY, 0, 0, NULL },
  }, 2);
}

static void
test_lint_links (void)
{
  static const struct { const char *body; guint offset; guint length; } links[] = {
    { "点击 https://shop.example/x?a=1 领券", 3, 26 },
    { "点击http://a.b领券", 2, 10 },
    { "visit www.shop.example.", 6, 16 },
    { "到 t.cn/A6xyz 领", 2, 10 },
    { "go to Shop.COM now", 6, 8 },
    { "(mall.taobao.com/shop)", 1, 20 },
    { "券ABChttps://x.y", 4, 11 },
    { "领取:x.cn/a", 3, 6 },
    { "Mail info@shop.com!", 5, 13 },
  };
  static const char *not_links[] = {
    "满100.5元减10", "版本 v1.2.3 上线", "user@mail 不是", "会员.com员", "e.g. this", "a.company", "nowww.example", "x-www.y", "http:/x",
  };

  for (gsize i = 0; i < G_N_ELEMENTS (links); i++)
    {
      g_autoptr(SdSmsTemplate) t = sd_sms_template_new ("店", links[i].body, NULL);
      g_autoptr(GPtrArray) issues = sd_sms_template_lint (t, NULL, NULL, NULL);

      g_test_message ("body \"%s\"", links[i].body);
      check_lint (issues, (ExpectedIssue[]) {
        { SD_SMS_LINT_LINK, links[i].offset, links[i].length, NULL },
      }, 1);
    }
  for (gsize i = 0; i < G_N_ELEMENTS (not_links); i++)
    {
      g_autoptr(SdSmsTemplate) t = sd_sms_template_new ("店", not_links[i], NULL);
      g_autoptr(GPtrArray) issues = sd_sms_template_lint (t, NULL, NULL, NULL);

      g_test_message ("body \"%s\"", not_links[i]);
      check_lint (issues, NULL, 0);
    }
}

static void
test_lint_blocked (void)
{
  g_autoptr(SdSmsTemplate) t = sd_sms_template_new ("店", "全场最低价，FREE礼品，最低价free", NULL);
  const char *blocked[] = { "最低价", "free", "", "  ", "\xff", "没有", NULL };
  g_autoptr(GPtrArray) issues = sd_sms_template_lint (t, NULL, blocked, NULL);

  check_lint (issues, (ExpectedIssue[]) {
    { SD_SMS_LINT_BLOCKED_WORD, 2, 3, "最低价" },
    { SD_SMS_LINT_BLOCKED_WORD, 6, 4, "free" },
    { SD_SMS_LINT_BLOCKED_WORD, 13, 3, "最低价" },
    { SD_SMS_LINT_BLOCKED_WORD, 16, 4, "free" },
  }, 4);
}

/* More than 500 characters as a domestic gateway counts them: signature, content, opt-out. */
static void
test_lint_too_long (void)
{
  GString *body = g_string_new (NULL);
  g_autoptr(SdSmsTemplate) t = NULL;
  g_autoptr(GPtrArray) fits = NULL;
  g_autoptr(GPtrArray) over = NULL;
  g_autoptr(GPtrArray) longest = NULL;
  g_autofree char *text = NULL;
  g_autofree char *long_text = NULL;
  SdSmsCount count;

  /* 【店】 (3) + 489 + ，(1) + 亲 (1) + " 拒收请回复R" (7) = 501. */
  for (guint i = 0; i < 489; i++)
    g_string_append (body, "字");
  g_string_append (body, "，{name}");
  t = sd_sms_template_new ("店", body->str, NULL);
  /* The template rendered with its fallbacks: {name} → 亲, one over. */
  text = sd_sms_template_render (t, NULL, NULL, NULL);
  sd_sms_count (text, TRUE, &count);
  g_assert_cmpuint (count.units, ==, 501);
  over = sd_sms_template_lint (t, NULL, NULL, NULL);
  check_lint (over, (ExpectedIssue[]) { { SD_SMS_LINT_TOO_LONG, 0, 0, "501" } }, 1);
  /* The longest real message decides when given. */
  long_text = g_strconcat (text, "多", NULL);
  fits = sd_sms_template_lint (t, NULL, NULL, "【店】short");
  longest = sd_sms_template_lint (t, NULL, NULL, long_text);
  check_lint (fits, NULL, 0);
  check_lint (longest, (ExpectedIssue[]) { { SD_SMS_LINT_TOO_LONG, 0, 0, "502" } }, 1);
  g_string_free (body, TRUE);
}

/* Issues come in order of where they are in the body. */
static void
test_lint_order (void)
{
  g_autoptr(SdSmsTemplate) t = sd_sms_template_new ("", "免费 {x} www.a.com 免费", NULL);
  const char *blocked[] = { "免费", NULL };
  g_autoptr(GPtrArray) issues = sd_sms_template_lint (t, NULL, blocked, NULL);

  check_lint (issues, (ExpectedIssue[]) {
    { SD_SMS_LINT_NO_SIGNATURE, 0, 0, NULL },
    { SD_SMS_LINT_BLOCKED_WORD, 0, 2, "免费" },
    { SD_SMS_LINT_UNKNOWN_PLACEHOLDER, 3, 3, "{x}" },
    { SD_SMS_LINT_LINK, 7, 9, "www.a.com" },
    { SD_SMS_LINT_BLOCKED_WORD, 17, 2, "免费" },
  }, 5);
}

static void
test_boxed (void)
{
  g_autoptr(SdSmsTemplate) t = sd_sms_template_new ("店", "{name}", "回T退订");
  SdSmsTemplate *copy = g_boxed_copy (SD_TYPE_SMS_TEMPLATE, t);

  g_assert_true (copy == t);
  g_assert_cmpstr (sd_sms_template_get_body (copy), ==, "{name}");
  g_assert_cmpstr (sd_sms_template_get_opt_out (copy), ==, "回T退订");
  g_boxed_free (SD_TYPE_SMS_TEMPLATE, copy);
  g_assert_cmpstrv (sd_sms_builtin_placeholders,
                    ((const char *[]) { "name", "nick", "grade", "shop", "coupon", "last_item", NULL }));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/core/sms-template/content", test_content);
  g_test_add_func ("/core/sms-template/signature", test_signature);
  g_test_add_func ("/core/sms-template/placeholders", test_placeholders);
  g_test_add_func ("/core/sms-template/render", test_render);
  g_test_add_func ("/core/sms-template/fallbacks", test_fallbacks);
  g_test_add_func ("/core/sms-template/render-json-escapes", test_render_json_escapes);
  g_test_add_func ("/core/sms-template/invalid-utf8", test_invalid_utf8);
  g_test_add_func ("/core/sms-template/lint-clean", test_lint_clean);
  g_test_add_func ("/core/sms-template/lint-placeholders", test_lint_placeholders);
  g_test_add_func ("/core/sms-template/lint-signature-empty", test_lint_signature_and_empty);
  g_test_add_func ("/core/sms-template/lint-links", test_lint_links);
  g_test_add_func ("/core/sms-template/lint-blocked", test_lint_blocked);
  g_test_add_func ("/core/sms-template/lint-too-long", test_lint_too_long);
  g_test_add_func ("/core/sms-template/lint-order", test_lint_order);
  g_test_add_func ("/core/sms-template/boxed", test_boxed);

  return g_test_run ();
}
