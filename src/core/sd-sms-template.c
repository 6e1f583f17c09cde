/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "sd-sms-template"

#include <string.h>

#include "sd-i18n.h"
#include "sd-sms-template.h"
#include "sd-sms-text.h"

const char * const sd_sms_builtin_placeholders[] = {
  "name", "nick", "grade", "shop", "coupon", "last_item", NULL,
};

/* Endings that already are an opt-out: gateways accept each (PROTOCOLS.md §5). */
static const char * const known_opt_outs[] = {
  SD_SMS_DEFAULT_OPT_OUT, "回T退订", "回TD退订", NULL,
};

/* A run of the body: literal text, or a placeholder. */
typedef struct
{
  char  *text;     /* the literal text, or the placeholder's name */
  gboolean is_placeholder;
  guint  offset;   /* in characters of the body, of the whole {…} or ${…} */
  guint  length;
} Piece;

struct _SdSmsTemplate
{
  gatomicrefcount  ref_count;
  char            *signature;
  char            *body;
  char            *opt_out;
  GArray          *pieces;   /* Piece; the body without trailing white space unless opted_out */
  gboolean         opted_out; /* the body already ends with an opt-out: nothing is added */
  const char      *joiner;    /* what goes between the body and the opt-out */
  GPtrArray       *names;     /* the placeholders' names, each once, sorted (owned by pieces) */
};

G_DEFINE_BOXED_TYPE (SdSmsTemplate, sd_sms_template, sd_sms_template_ref, sd_sms_template_unref)

static void
piece_clear (gpointer data)
{
  Piece *piece = data;

  g_free (piece->text);
}

static gboolean
is_name_char (char c)
{
  return g_ascii_isalnum (c) || c == '_';
}

/* If a placeholder ({name} or ${name}) starts at P, its length in bytes and its name;
 * 0 otherwise. */
static gsize
match_placeholder (const char  *p,
                   char       **out_name)
{
  const char *open = p[0] == '$' ? p + 1 : p;
  const char *q;

  if (*open != '{')
    return 0;
  for (q = open + 1; is_name_char (*q); q++)
    ;
  if (q == open + 1 || *q != '}')
    return 0;
  *out_name = g_strndup (open + 1, (gsize) (q - open - 1));
  return (gsize) (q + 1 - p);
}

static void
add_piece (GArray     *pieces,
           char       *text,
           gboolean    is_placeholder,
           const char *body,
           const char *start,
           const char *end)
{
  Piece piece = {
    .text = text,
    .is_placeholder = is_placeholder,
    .offset = (guint) g_utf8_pointer_to_offset (body, start),
    .length = (guint) g_utf8_pointer_to_offset (start, end),
  };

  g_array_append_val (pieces, piece);
}

static GArray *
parse_body (const char *body)
{
  GArray *pieces = g_array_new (FALSE, FALSE, sizeof (Piece));
  const char *literal = body;
  const char *p = body;

  g_array_set_clear_func (pieces, piece_clear);
  while (*p != '\0')
    {
      char *name = NULL;
      gsize len = (*p == '{' || *p == '$') ? match_placeholder (p, &name) : 0;

      if (len == 0)
        {
          p++;
          continue;
        }
      if (p > literal)
        add_piece (pieces, g_strndup (literal, (gsize) (p - literal)), FALSE, body, literal, p);
      add_piece (pieces, name, TRUE, body, p, p + len);
      p += len;
      literal = p;
    }
  if (p > literal)
    add_piece (pieces, g_strdup (literal), FALSE, body, literal, p);
  return pieces;
}

static gboolean
is_space (gunichar c)
{
  return g_unichar_isspace (c);
}

/* A trailing run of white space and sentence punctuation is not part of the wording. */
static gboolean
is_trailing_noise (gunichar c)
{
  return g_unichar_isspace (c) || c == '.' || c == '!' || c == 0x3002 /* 。 */ ||
         c == 0xFF01 /* ！ */;
}

/* A copy of S without the characters at its end that DROP says to drop. */
static char *
trim_end (const char *s,
          gboolean  (*drop) (gunichar c))
{
  const char *end = s + strlen (s);

  while (end > s)
    {
      const char *prev = g_utf8_find_prev_char (s, end);

      if (!drop (g_utf8_get_char (prev)))
        break;
      end = prev;
    }
  return g_strndup (s, (gsize) (end - s));
}

static gboolean
ends_with_opt_out (const char *body,
                   const char *opt_out)
{
  g_autofree char *trimmed = trim_end (body, is_trailing_noise);

  if (g_str_has_suffix (trimmed, opt_out))
    return TRUE;
  for (gsize i = 0; known_opt_outs[i] != NULL; i++)
    if (g_str_has_suffix (trimmed, known_opt_outs[i]))
      return TRUE;
  return FALSE;
}

/* The signature as given, without white space or the 【】 someone typed around it. */
static char *
clean_signature (const char *signature)
{
  g_autofree char *valid = g_utf8_make_valid (signature != NULL ? signature : "", -1);
  char *s = g_strstrip (valid);

  if (g_str_has_prefix (s, "【"))
    s += strlen ("【");
  if (g_str_has_suffix (s, "】"))
    s[strlen (s) - strlen ("】")] = '\0';
  return g_strdup (g_strstrip (s));
}

static gint
compare_names (gconstpointer a,
               gconstpointer b)
{
  return strcmp (*(const char * const *) a, *(const char * const *) b);
}

/* The placeholders' names sorted, each once: the keys of every TemplateParam. */
static GPtrArray *
sorted_names (GArray *pieces)
{
  GPtrArray *names = g_ptr_array_new ();

  for (guint i = 0; i < pieces->len; i++)
    {
      const Piece *piece = &g_array_index (pieces, Piece, i);

      if (piece->is_placeholder)
        g_ptr_array_add (names, piece->text);
    }
  g_ptr_array_sort (names, compare_names);
  for (guint i = 1; i < names->len;)
    if (g_str_equal (g_ptr_array_index (names, i - 1), g_ptr_array_index (names, i)))
      g_ptr_array_remove_index (names, i);
    else
      i++;
  return names;
}

/* The opt-out follows the body's own sentence punctuation directly; after a word, a
 * figure or a placeholder a space keeps it from running into it. Decided on the template, not on each rendered
 * message, so every recipient gets what the gateway's approved content says. */
static const char *
choose_joiner (const SdSmsTemplate *t)
{
  const Piece *last;
  const char *end;

  if (t->pieces->len == 0)
    return "";
  last = &g_array_index (t->pieces, Piece, t->pieces->len - 1);
  if (last->is_placeholder)
    return " ";
  end = last->text + strlen (last->text);
  return strstr ("，。！？；：、,.!?;:", g_utf8_offset_to_pointer (end, -1)) != NULL ? "" : " ";
}

SdSmsTemplate *
sd_sms_template_new (const char *signature,
                     const char *body,
                     const char *opt_out)
{
  SdSmsTemplate *t = g_new0 (SdSmsTemplate, 1);
  g_autofree char *wording = NULL;

  g_atomic_ref_count_init (&t->ref_count);
  t->signature = clean_signature (signature);
  t->body = g_utf8_make_valid (body != NULL ? body : "", -1);
  wording = g_utf8_make_valid (opt_out != NULL ? opt_out : "", -1);
  g_strstrip (wording);
  t->opt_out = g_strdup (*wording != '\0' ? wording : SD_SMS_DEFAULT_OPT_OUT);
  t->opted_out = ends_with_opt_out (t->body, t->opt_out);
  if (t->opted_out)
    t->pieces = parse_body (t->body);
  else
    {
      g_autofree char *trimmed = trim_end (t->body, is_space);

      t->pieces = parse_body (trimmed);
    }
  t->joiner = choose_joiner (t);
  t->names = sorted_names (t->pieces);
  return t;
}

SdSmsTemplate *
sd_sms_template_ref (SdSmsTemplate *t)
{
  g_return_val_if_fail (t != NULL, NULL);

  g_atomic_ref_count_inc (&t->ref_count);
  return t;
}

void
sd_sms_template_unref (SdSmsTemplate *t)
{
  g_return_if_fail (t != NULL);

  if (!g_atomic_ref_count_dec (&t->ref_count))
    return;
  g_free (t->signature);
  g_free (t->body);
  g_free (t->opt_out);
  g_ptr_array_unref (t->names);
  g_array_unref (t->pieces);
  g_free (t);
}

const char *
sd_sms_template_get_signature (const SdSmsTemplate *t)
{
  g_return_val_if_fail (t != NULL, NULL);
  return t->signature;
}

const char *
sd_sms_template_get_body (const SdSmsTemplate *t)
{
  g_return_val_if_fail (t != NULL, NULL);
  return t->body;
}

const char *
sd_sms_template_get_opt_out (const SdSmsTemplate *t)
{
  g_return_val_if_fail (t != NULL, NULL);
  return t->opt_out;
}

const char *
sd_sms_placeholder_fallback (const char *name)
{
  g_return_val_if_fail (name != NULL, "");

  if (g_str_equal (name, "name") || g_str_equal (name, "nick"))
    return "亲";
  if (g_str_equal (name, "grade"))
    return "会员";
  if (g_str_equal (name, "last_item"))
    return "宝贝";
  return "";
}

/* The value a recipient gets for NAME: theirs, else the campaign's fallback, else the
 * built-in one. */
static const char *
lookup_value (const char *name,
              GHashTable *values,
              GHashTable *fallbacks)
{
  const char *value = values != NULL ? g_hash_table_lookup (values, name) : NULL;

  if (value != NULL && *value != '\0')
    return value;
  if (fallbacks != NULL && g_hash_table_contains (fallbacks, name))
    {
      value = g_hash_table_lookup (fallbacks, name);
      return value != NULL ? value : "";
    }
  return sd_sms_placeholder_fallback (name);
}


/* The value for NAME as valid UTF-8: customer data may come from anywhere. *COPY
 * holds it when it had to be mended. */
static const char *
valid_value (const char  *name,
             GHashTable  *values,
             GHashTable  *fallbacks,
             char       **copy)
{
  const char *value = lookup_value (name, values, fallbacks);

  if (g_utf8_validate (value, -1, NULL))
    return value;
  *copy = g_utf8_make_valid (value, -1);
  return *copy;
}

/* Writes the content into OUT: placeholders as ${name} when RENDER is FALSE, else
 * replaced by their values. */
static void
append_content (const SdSmsTemplate *t,
                GString             *out,
                gboolean             render,
                GHashTable          *values,
                GHashTable          *fallbacks)
{
  for (guint i = 0; i < t->pieces->len; i++)
    {
      const Piece *piece = &g_array_index (t->pieces, Piece, i);

      if (!piece->is_placeholder)
        g_string_append (out, piece->text);
      else if (!render)
        {
          g_string_append (out, "${");
          g_string_append (out, piece->text);
          g_string_append_c (out, '}');
        }
      else
        {
          g_autofree char *copy = NULL;

          g_string_append (out, valid_value (piece->text, values, fallbacks, &copy));
        }
    }
  if (!t->opted_out)
    {
      g_string_append (out, t->joiner);
      g_string_append (out, t->opt_out);
    }
}

char *
sd_sms_placeholders_fill (const char *text,
                          GHashTable *values,
                          GHashTable *fallbacks)
{
  g_autoptr(GArray) pieces = NULL;
  GString *out;

  g_return_val_if_fail (text != NULL, NULL);

  pieces = parse_body (text);
  out = g_string_new (NULL);
  for (guint i = 0; i < pieces->len; i++)
    {
      const Piece *piece = &g_array_index (pieces, Piece, i);
      g_autofree char *copy = NULL;

      g_string_append (out, piece->is_placeholder ? valid_value (piece->text, values, fallbacks, &copy)
                                                  : piece->text);
    }
  return g_string_free (out, FALSE);
}

char *
sd_sms_template_get_content (const SdSmsTemplate *t)
{
  GString *out;

  g_return_val_if_fail (t != NULL, NULL);

  out = g_string_new (NULL);
  append_content (t, out, FALSE, NULL, NULL);
  return g_string_free (out, FALSE);
}

GStrv
sd_sms_template_list_placeholders (const SdSmsTemplate *t)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);

  g_return_val_if_fail (t != NULL, NULL);

  for (guint i = 0; i < t->pieces->len; i++)
    {
      const Piece *piece = &g_array_index (t->pieces, Piece, i);

      if (piece->is_placeholder && g_hash_table_add (seen, piece->text))
        g_strv_builder_add (builder, piece->text);
    }
  return g_strv_builder_end (builder);
}

static void
append_json_string (GString    *out,
                    const char *s)
{
  g_string_append_c (out, '"');
  while (*s != '\0')
    {
      gsize plain = strcspn (s, "\"\\\x01\x02\x03\x04\x05\x06\x07\x08\x09\x0a\x0b\x0c\x0d\x0e\x0f"
                                "\x10\x11\x12\x13\x14\x15\x16\x17\x18\x19\x1a\x1b\x1c\x1d\x1e\x1f");
      guchar c;

      g_string_append_len (out, s, (gssize) plain);
      s += plain;
      if (*s == '\0')
        break;
      c = (guchar) *s++;
      if (c == '"' || c == '\\')
        {
          g_string_append_c (out, '\\');
          g_string_append_c (out, (char) c);
        }
      else if (c == '\n')
        g_string_append (out, "\\n");
      else
        g_string_append_printf (out, "\\u%04x", c);
    }
  g_string_append_c (out, '"');
}

/* {"a":"1","b":"2"}: the keys sorted so the same values always make the same text. */
static char *
params_to_json (const SdSmsTemplate *t,
                GHashTable          *values,
                GHashTable          *fallbacks)
{
  GString *out = g_string_new ("{");

  for (guint i = 0; i < t->names->len; i++)
    {
      const char *name = g_ptr_array_index (t->names, i);
      g_autofree char *copy = NULL;

      if (i > 0)
        g_string_append_c (out, ',');
      append_json_string (out, name);
      g_string_append_c (out, ':');
      append_json_string (out, valid_value (name, values, fallbacks, &copy));
    }
  g_string_append_c (out, '}');
  return g_string_free (out, FALSE);
}

static void
append_signature (const SdSmsTemplate *t,
                  GString             *out)
{
  if (*t->signature != '\0')
    g_string_append_printf (out, "【%s】", t->signature);
}

char *
sd_sms_template_render (const SdSmsTemplate  *t,
                        GHashTable           *values,
                        GHashTable           *fallbacks,
                        char                **param_json)
{
  GString *out;

  g_return_val_if_fail (t != NULL, NULL);

  out = g_string_new (NULL);
  append_signature (t, out);
  append_content (t, out, TRUE, values, fallbacks);
  if (param_json != NULL)
    *param_json = params_to_json (t, values, fallbacks);
  return g_string_free (out, FALSE);
}

void
sd_sms_lint_issue_free (SdSmsLintIssue *issue)
{
  if (issue == NULL)
    return;
  g_free (issue->message);
  g_free (issue);
}

static void
add_issue (GPtrArray     *issues,
           SdSmsLintKind  kind,
           guint          offset,
           guint          length,
           char          *message)
{
  SdSmsLintIssue *issue = g_new0 (SdSmsLintIssue, 1);

  issue->kind = kind;
  issue->offset = offset;
  issue->length = length;
  issue->message = message;
  g_ptr_array_add (issues, issue);
}

static void
lint_placeholders (const SdSmsTemplate *t,
                   const char * const  *known,
                   GPtrArray           *issues)
{
  for (guint i = 0; i < t->pieces->len; i++)
    {
      const Piece *piece = &g_array_index (t->pieces, Piece, i);

      if (piece->is_placeholder && !g_strv_contains (known, piece->text))
        add_issue (issues, SD_SMS_LINT_UNKNOWN_PLACEHOLDER, piece->offset, piece->length,
                   g_strdup_printf (_("Unknown placeholder “{%s}”: no customer field has this name"),
                                    piece->text));
    }
}

/* Top-level domains short links and shop pages use; "word.com" without a scheme is as
 * much a link to a gateway's reviewer as "https://…". */
static const char * const link_domains[] = {
  ".com", ".cn", ".net", ".org", ".top", ".vip", ".cc", ".me", ".io", ".ly", ".co", ".shop",
  ".xyz", ".info", NULL,
};

static gboolean
is_link_char (char c)
{
  return g_ascii_isalnum (c) || (c != '\0' && strchr ("-._~:/?#@!$&'*+,;=%", c) != NULL);
}

static gboolean
is_host_char (char c)
{
  return g_ascii_isalnum (c) || c == '-' || c == '_' || c == '.';
}

/* How long the link starting at P is, the sentence's closing punctuation left out. */
static gsize
link_run (const char *p)
{
  gsize len = 0;

  while (is_link_char (p[len]))
    len++;
  while (len > 0 && strchr (".,!?'", p[len - 1]) != NULL)
    len--;
  return len;
}

/* Whether the LEN bytes at P name a host under one of link_domains. */
static gboolean
has_link_domain (const char *p,
                 gsize       len)
{
  for (gsize i = 0; link_domains[i] != NULL; i++)
    {
      gsize dlen = strlen (link_domains[i]);

      for (gsize at = 1; at + dlen <= len; at++)
        if (g_ascii_strncasecmp (p + at, link_domains[i], dlen) == 0 &&
            (at + dlen == len || strchr ("/:?", p[at + dlen]) != NULL))
          return TRUE;
    }
  return FALSE;
}

/* The length in bytes of a link starting at P, 0 when none starts there. A scheme starts
 * a link wherever it stands ("领券https://…"); a bare host only at the start of a word, so
 * "v1.2" or the middle of "shop.company" is none. */
static gsize
match_link (const char *body,
            const char *p)
{
  if (g_ascii_strncasecmp (p, "http://", 7) == 0 || g_ascii_strncasecmp (p, "https://", 8) == 0)
    return link_run (p);
  if (!g_ascii_isalnum (*p) || (p > body && is_host_char (p[-1])))
    return 0;
  if (g_ascii_strncasecmp (p, "www.", 4) == 0 || has_link_domain (p, link_run (p)))
    return link_run (p);
  return 0;
}

static void
lint_links (const SdSmsTemplate *t,
            GPtrArray           *issues)
{
  const char *p = t->body;

  while (*p != '\0')
    {
      gsize len = is_link_char (*p) ? match_link (t->body, p) : 0;

      if (len == 0)
        {
          p++;
          continue;
        }
      {
        g_autofree char *link = g_strndup (p, len);

        add_issue (issues, SD_SMS_LINT_LINK, (guint) g_utf8_pointer_to_offset (t->body, p),
                   (guint) g_utf8_strlen (link, -1),
                   g_strdup_printf (_("The message contains a link (“%s”): gateways hold back or "
                                      "reject marketing messages with links"), link));
      }
      p += len;
    }
}

/* Blocked words are matched ignoring ASCII case, which keeps byte offsets as they are. */
static void
lint_blocked (const SdSmsTemplate *t,
              const char * const  *blocked,
              GPtrArray           *issues)
{
  g_autofree char *body = g_ascii_strdown (t->body, -1);

  for (gsize i = 0; blocked != NULL && blocked[i] != NULL; i++)
    {
      g_autofree char *word = g_ascii_strdown (blocked[i], -1);
      const char *hit;

      g_strstrip (word);
      if (*word == '\0' || !g_utf8_validate (word, -1, NULL))
        continue;
      for (hit = strstr (body, word); hit != NULL; hit = strstr (hit + strlen (word), word))
        add_issue (issues, SD_SMS_LINT_BLOCKED_WORD, (guint) g_utf8_pointer_to_offset (body, hit),
                   (guint) g_utf8_strlen (word, -1),
                   g_strdup_printf (_("“%s” is a word the gateway rejects"), blocked[i]));
    }
}

static void
lint_length (const SdSmsTemplate *t,
             const char          *longest,
             GPtrArray           *issues)
{
  g_autofree char *own = longest == NULL ? sd_sms_template_render (t, NULL, NULL, NULL) : NULL;
  SdSmsCount count;

  sd_sms_count (longest != NULL ? longest : own, TRUE, &count);
  if (count.units > SD_SMS_DOMESTIC_MAX)
    add_issue (issues, SD_SMS_LINT_TOO_LONG, 0, 0,
               g_strdup_printf (_("The longest message is %u characters with signature and "
                                  "opt-out; a gateway takes at most %d"),
                                count.units, SD_SMS_DOMESTIC_MAX));
}

static gboolean
is_blank (const char *s)
{
  for (; *s != '\0'; s = g_utf8_next_char (s))
    if (!g_unichar_isspace (g_utf8_get_char (s)))
      return FALSE;
  return TRUE;
}

static gint
compare_issues (gconstpointer a,
                gconstpointer b)
{
  const SdSmsLintIssue *x = *(SdSmsLintIssue * const *) a;
  const SdSmsLintIssue *y = *(SdSmsLintIssue * const *) b;

  if (x->offset != y->offset)
    return x->offset < y->offset ? -1 : 1;
  return (gint) x->kind - (gint) y->kind;
}

GPtrArray *
sd_sms_template_lint (const SdSmsTemplate *t,
                      const char * const  *known,
                      const char * const  *blocked,
                      const char          *longest)
{
  GPtrArray *issues = g_ptr_array_new_with_free_func ((GDestroyNotify) sd_sms_lint_issue_free);

  g_return_val_if_fail (t != NULL, issues);

  if (is_blank (t->body))
    add_issue (issues, SD_SMS_LINT_EMPTY, 0, 0, g_strdup (_("The message is empty")));
  if (*t->signature == '\0')
    add_issue (issues, SD_SMS_LINT_NO_SIGNATURE, 0, 0,
               g_strdup (_("No signature: gateways send only messages that begin with the "
                           "shop’s approved 【signature】")));
  lint_placeholders (t, known != NULL ? known : sd_sms_builtin_placeholders, issues);
  lint_links (t, issues);
  lint_blocked (t, blocked, issues);
  lint_length (t, longest, issues);
  /* Stable, so issues at one place keep the order of their kinds. */
  g_ptr_array_sort (issues, compare_issues);
  return issues;
}
