/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "sd-store-values"

#include <string.h>

#include "sd-i18n.h"

#include "sd-error.h"
#include "sd-store-values-private.h"

#define BEIJING_OFFSET (8 * 3600)
/* ¥10^15 is more than any trade; it keeps fen far from overflowing. */
#define MONEY_MAX_DIGITS 15
/* Store answers nest six or seven levels; anything far deeper is not one. */
#define JSON_MAX_DEPTH 64
#define ID_MAX_DIGITS 20
#define ECHO_MAX_CHARS 40

gboolean
sd_store_parse_money (const char *text,
                      gint64     *out_cents)
{
  const char *p = text;
  gint64 units = 0, cents = 0;
  int digits = 0, decimals = 0;

  if (p == NULL || !g_ascii_isdigit (*p))
    return FALSE;
  for (; g_ascii_isdigit (*p); p++)
    {
      if (++digits > MONEY_MAX_DIGITS)
        return FALSE;
      units = units * 10 + (*p - '0');
    }
  if (*p == '.')
    {
      for (p++; g_ascii_isdigit (*p); p++)
        {
          if (++decimals > 2)
            return FALSE;
          cents = cents * 10 + (*p - '0');
        }
      if (decimals == 0)
        return FALSE;
      if (decimals == 1)
        cents *= 10;
    }
  if (*p != '\0')
    return FALSE;
  *out_cents = units * 100 + cents;
  return TRUE;
}

/* Exactly N ASCII digits at *P. */
static gboolean
read_digits (const char **p,
             int          n,
             int         *out)
{
  int value = 0;

  for (int i = 0; i < n; i++)
    {
      if (!g_ascii_isdigit ((*p)[i]))
        return FALSE;
      value = value * 10 + ((*p)[i] - '0');
    }
  *p += n;
  *out = value;
  return TRUE;
}

static gboolean
read_separator (const char **p,
                char         c)
{
  if (**p != c)
    return FALSE;
  (*p)++;
  return TRUE;
}

/* Days from 1970-01-01 to Y-M-D in the proleptic Gregorian calendar (H. Hinnant's
 * days_from_civil): no GDateTime, no allocation, for the hundreds of thousands of times
 * a sync reads. */
static gint64
days_from_civil (int y,
                 int m,
                 int d)
{
  gint64 era, yoe, doy, doe;

  y -= m <= 2;
  era = (y >= 0 ? y : y - 399) / 400;
  yoe = y - era * 400;
  doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + doe - 719468;
}

static gboolean
valid_date (int y,
            int m,
            int d)
{
  static const int days[] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
  gboolean leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;

  if (y < 1 || m < 1 || m > 12 || d < 1)
    return FALSE;
  return d <= days[m - 1] + (m == 2 && leap ? 1 : 0);
}

/* "yyyy-MM-dd" SEP "HH:mm:ss" at *P → seconds since the epoch as if it were UTC. The
 * callers refuse what falls before 1970: no store has such orders, and our times are
 * seconds since then. */
static gboolean
read_date_time (const char **p,
                char         sep,
                gint64      *out_local)
{
  int y, mo, d, h, mi, s;

  if (!read_digits (p, 4, &y) || !read_separator (p, '-') ||
      !read_digits (p, 2, &mo) || !read_separator (p, '-') ||
      !read_digits (p, 2, &d) || !read_separator (p, sep) ||
      !read_digits (p, 2, &h) || !read_separator (p, ':') ||
      !read_digits (p, 2, &mi) || !read_separator (p, ':') ||
      !read_digits (p, 2, &s))
    return FALSE;
  if (!valid_date (y, mo, d) || h > 23 || mi > 59 || s > 59)
    return FALSE;
  *out_local = days_from_civil (y, mo, d) * 86400 + h * 3600 + mi * 60 + s;
  return TRUE;
}

gboolean
sd_store_parse_top_time (const char *text,
                         gint64     *out_utc)
{
  const char *p = text;
  gint64 local;

  if (p == NULL || !read_date_time (&p, ' ', &local) || *p != '\0' || local < BEIJING_OFFSET)
    return FALSE;
  *out_utc = local - BEIJING_OFFSET;
  return TRUE;
}

gboolean
sd_store_parse_iso_time (const char *text,
                         gint64     *out_utc)
{
  const char *p = text;
  gint64 local;
  int sign, oh, om;

  if (p == NULL || !read_date_time (&p, 'T', &local))
    return FALSE;
  if (*p == '.')
    {
      p++;
      if (!g_ascii_isdigit (*p))
        return FALSE;
      while (g_ascii_isdigit (*p))
        p++;
    }
  if ((*p == 'Z' || *p == 'z') && p[1] == '\0')
    {
      *out_utc = local;
      return local >= 0;
    }
  if (*p != '+' && *p != '-')
    return FALSE;
  sign = *p++ == '+' ? 1 : -1;
  if (!read_digits (&p, 2, &oh))
    return FALSE;
  if (*p == ':')
    p++;
  if (!read_digits (&p, 2, &om) || *p != '\0' || oh > 23 || om > 59)
    return FALSE;
  *out_utc = local - sign * (oh * 3600 + om * 60);
  return *out_utc >= 0;
}

static char *
format_shifted (gint64      utc,
                const char *format)
{
  g_autoptr(GDateTime) dt = g_date_time_new_from_unix_utc (utc + BEIJING_OFFSET);

  return dt != NULL ? g_date_time_format (dt, format) : g_strdup ("");
}

char *
sd_store_format_top_time (gint64 utc)
{
  return format_shifted (utc, "%Y-%m-%d %H:%M:%S");
}

char *
sd_store_format_iso_time (gint64 utc)
{
  return format_shifted (utc, "%Y-%m-%dT%H:%M:%S+08:00");
}

gboolean
sd_store_value_is_masked (const char *text)
{
  gsize len;

  if (text == NULL || *text == '\0')
    return FALSE;
  if (strchr (text, '*') != NULL || strstr (text, "＊") != NULL)
    return TRUE;
  /* TOP's encrypted values: "~cipher~version~", "$138$cipher$1$$", "#cipher#". */
  len = strlen (text);
  return len >= 3 && strchr ("~$#", text[0]) != NULL && text[len - 1] == text[0];
}

static void
append_where (GString            *s,
              const SdStoreWhere *where)
{
  if (where->parent != NULL)
    append_where (s, where->parent);
  if (where->what == NULL || where->index == 0)
    return;
  g_string_append_printf (s, "%s %u", _(where->what), where->index);
  if (where->id != NULL && *where->id != '\0')
    g_string_append_printf (s, " (%s)", where->id);
  g_string_append (s, ": ");
}

static char *
where_text (const SdStoreWhere *where)
{
  GString *s = g_string_new (NULL);

  append_where (s, where);
  return g_string_free (s, FALSE);
}

void
sd_store_set_corrupt (GError            **error,
                      const SdStoreWhere *where,
                      const char         *detail)
{
  g_autofree char *place = where_text (where);

  g_set_error (error, SD_ERROR, SD_ERROR_CORRUPT,
               _("The store’s answer to %s is not as expected: %s%s"),
               where->call, place, detail);
}

/* A value for a message: valid UTF-8, cut short. Only ever money, times and ids: never a
 * buyer's name or phone. */
static char *
echo (const char *value)
{
  g_autofree char *valid = g_utf8_make_valid (value, -1);

  if (g_utf8_strlen (valid, -1) <= ECHO_MAX_CHARS)
    return g_steal_pointer (&valid);
  *g_utf8_offset_to_pointer (valid, ECHO_MAX_CHARS) = '\0';
  return g_strconcat (valid, "…", NULL);
}

static gboolean corrupt (GError            **error,
                         const SdStoreWhere *where,
                         const char         *format,
                         ...) G_GNUC_PRINTF (3, 4);

/* Sets the error from a detail for a person; FALSE, for returning. */
static gboolean
corrupt (GError            **error,
         const SdStoreWhere *where,
         const char         *format,
         ...)
{
  g_autofree char *detail = NULL;
  va_list args;

  va_start (args, format);
  detail = g_strdup_vprintf (format, args);
  va_end (args);
  sd_store_set_corrupt (error, where, detail);
  return FALSE;
}

/* MEMBER holds VALUE, which is not WHAT ("an amount of money"). */
static gboolean
corrupt_value (GError            **error,
               const SdStoreWhere *where,
               const char         *member,
               const char         *value,
               const char         *what)
{
  g_autofree char *shown = echo (value);

  return corrupt (error, where, _("“%s” is not %s: “%s”"), member, what, shown);
}

/* What is wrong with the shape of DATA that the parser had better not see, or NULL:
 * no object or list at the root (store answers are objects), nesting deeper than any
 * store answer (the parser would only recurse), or a second value after the first
 * (json-glib 1.6 keeps the last and leaks the others). */
static const char *
shape_problem (const char *data,
               gsize       length)
{
  gboolean in_string = FALSE, closed = FALSE;
  int depth = 0;
  gsize start = 0;

  while (start < length && g_ascii_isspace (data[start]))
    start++;
  if (start == length)
    return _("the answer is empty");
  if (data[start] != '{' && data[start] != '[')
    return data[start] != '\0' && strchr ("-0123456789\"tfn", data[start]) != NULL
           ? _("it is not an object") : _("it is not JSON");

  for (gsize i = start; i < length; i++)
    {
      char c = data[i];

      if (in_string)
        {
          if (c == '\\')
            i++;
          else if (c == '"')
            in_string = FALSE;
        }
      else if (closed && !g_ascii_isspace (c))
        return _("more follows the answer");
      else if (c == '"')
        in_string = TRUE;
      else if ((c == '[' || c == '{') && ++depth > JSON_MAX_DEPTH)
        return _("the answer nests too deep");
      else if ((c == ']' || c == '}') && --depth == 0)
        closed = TRUE;
    }
  return NULL;
}

JsonParser *
sd_store_json_parse (const char         *data,
                     gsize               length,
                     const SdStoreWhere *where,
                     GError            **error)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) local_error = NULL;
  const char *problem;

  if (length == 0)
    {
      sd_store_set_corrupt (error, where, _("the answer is empty"));
      return NULL;
    }
  if ((problem = shape_problem (data, length)) != NULL)
    {
      sd_store_set_corrupt (error, where, problem);
      return NULL;
    }
  if (!json_parser_load_from_data (parser, data, (gssize) length, &local_error))
    {
      /* The parser may quote the input, cut in the middle of a character. */
      g_autofree char *reason = g_utf8_make_valid (local_error->message, -1);
      g_autofree char *detail = g_strdup_printf (_("it is not JSON (%s)"), reason);

      sd_store_set_corrupt (error, where, detail);
      return NULL;
    }
  if (json_parser_get_root (parser) == NULL)
    {
      sd_store_set_corrupt (error, where, _("the answer is empty"));
      return NULL;
    }
  return g_steal_pointer (&parser);
}

/* The member's node; NULL (and TRUE) when absent or null and not REQUIRED. */
static gboolean
member_node (JsonObject         *object,
             const char         *member,
             gboolean            required,
             const SdStoreWhere *where,
             JsonNode          **out,
             GError            **error)
{
  JsonNode *node = json_object_get_member (object, member);

  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    {
      *out = NULL;
      return !required || corrupt (error, where, _("“%s” is missing"), member);
    }
  *out = node;
  return TRUE;
}

static gboolean
node_is (JsonNode *node,
         GType     type)
{
  return JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == type;
}

/* The member's node when it is of TYPE (for a value: holding VALUE_TYPE), NULL (and TRUE)
 * when absent or null and not REQUIRED; WHAT (N_() marked) names the type in a message. */
static gboolean
typed_member (JsonObject         *object,
              const char         *member,
              gboolean            required,
              const SdStoreWhere *where,
              JsonNodeType        type,
              GType               value_type,
              const char         *what,
              JsonNode          **out,
              GError            **error)
{
  if (!member_node (object, member, required, where, out, error))
    return FALSE;
  if (*out == NULL)
    return TRUE;
  if (JSON_NODE_TYPE (*out) != type || (type == JSON_NODE_VALUE && !node_is (*out, value_type)))
    return corrupt (error, where, _("“%s” is not %s"), member, _(what));
  return TRUE;
}

gboolean
sd_store_json_string (JsonObject         *object,
                      const char         *member,
                      gboolean            required,
                      const SdStoreWhere *where,
                      const char        **out,
                      GError            **error)
{
  JsonNode *node;

  if (!typed_member (object, member, required, where, JSON_NODE_VALUE, G_TYPE_STRING, N_("text"),
                     &node, error))
    return FALSE;
  *out = node != NULL ? json_node_get_string (node) : "";
  return TRUE;
}

static gboolean
all_digits (const char *text,
            gsize       max_digits)
{
  gsize n = 0;

  for (; *text; text++, n++)
    if (!g_ascii_isdigit (*text) || n >= max_digits)
      return FALSE;
  return n > 0;
}

gboolean
sd_store_json_id (JsonObject         *object,
                  const char         *member,
                  gboolean            required,
                  const SdStoreWhere *where,
                  char              **out,
                  GError            **error)
{
  JsonNode *node;

  if (!member_node (object, member, required, where, &node, error))
    return FALSE;
  if (node == NULL)
    {
      *out = NULL;
      return TRUE;
    }
  if (node_is (node, G_TYPE_INT64) && json_node_get_int (node) > 0)
    {
      *out = g_strdup_printf ("%" G_GINT64_FORMAT, json_node_get_int (node));
      return TRUE;
    }
  if (node_is (node, G_TYPE_STRING))
    {
      const char *text = json_node_get_string (node);

      if (all_digits (text, ID_MAX_DIGITS) && text[0] != '0')
        {
          *out = g_strdup (text);
          return TRUE;
        }
      return corrupt_value (error, where, member, text, _("an id"));
    }
  /* A double: an id too large for a 64-bit number, whose digits are already lost. */
  return corrupt (error, where, _("“%s” is not an id"), member);
}

gboolean
sd_store_json_count (JsonObject         *object,
                     const char         *member,
                     gboolean            required,
                     const SdStoreWhere *where,
                     gint64             *out,
                     GError            **error)
{
  JsonNode *node;

  if (!member_node (object, member, required, where, &node, error))
    return FALSE;
  *out = 0;
  if (node == NULL)
    return TRUE;
  if (node_is (node, G_TYPE_INT64) && json_node_get_int (node) >= 0)
    {
      *out = json_node_get_int (node);
      return TRUE;
    }
  if (node_is (node, G_TYPE_STRING) && all_digits (json_node_get_string (node), 15))
    {
      *out = g_ascii_strtoll (json_node_get_string (node), NULL, 10);
      return TRUE;
    }
  return corrupt (error, where, _("“%s” is not a count"), member);
}

gboolean
sd_store_json_money (JsonObject         *object,
                     const char         *member,
                     gboolean            required,
                     const SdStoreWhere *where,
                     gint64             *out_cents,
                     GError            **error)
{
  const char *text;

  *out_cents = 0;
  if (!sd_store_json_string (object, member, required, where, &text, error))
    return FALSE;
  if (*text == '\0' && !required)
    return TRUE;
  if (!sd_store_parse_money (text, out_cents))
    return corrupt_value (error, where, member, text, _("an amount of money"));
  return TRUE;
}

typedef gboolean (*TimeParser) (const char *text, gint64 *out_utc);

static gboolean
json_time (JsonObject         *object,
           const char         *member,
           gboolean            required,
           const SdStoreWhere *where,
           TimeParser          parse,
           gint64             *out_utc,
           GError            **error)
{
  const char *text;

  *out_utc = 0;
  if (!sd_store_json_string (object, member, required, where, &text, error))
    return FALSE;
  if (*text == '\0' && !required)
    return TRUE;
  if (!parse (text, out_utc))
    return corrupt_value (error, where, member, text, _("a time"));
  return TRUE;
}

gboolean
sd_store_json_top_time (JsonObject         *object,
                        const char         *member,
                        gboolean            required,
                        const SdStoreWhere *where,
                        gint64             *out_utc,
                        GError            **error)
{
  return json_time (object, member, required, where, sd_store_parse_top_time, out_utc, error);
}

gboolean
sd_store_json_iso_time (JsonObject         *object,
                        const char         *member,
                        gboolean            required,
                        const SdStoreWhere *where,
                        gint64             *out_utc,
                        GError            **error)
{
  return json_time (object, member, required, where, sd_store_parse_iso_time, out_utc, error);
}

gboolean
sd_store_json_bool (JsonObject         *object,
                    const char         *member,
                    const SdStoreWhere *where,
                    gboolean           *out,
                    GError            **error)
{
  JsonNode *node;

  if (!typed_member (object, member, FALSE, where, JSON_NODE_VALUE, G_TYPE_BOOLEAN,
                     N_("true or false"), &node, error))
    return FALSE;
  *out = node != NULL && json_node_get_boolean (node);
  return TRUE;
}

gboolean
sd_store_json_object (JsonObject         *object,
                      const char         *member,
                      gboolean            required,
                      const SdStoreWhere *where,
                      JsonObject        **out,
                      GError            **error)
{
  JsonNode *node;

  *out = NULL;
  if (!typed_member (object, member, required, where, JSON_NODE_OBJECT, G_TYPE_INVALID,
                     N_("an object"), &node, error))
    return FALSE;
  *out = node != NULL ? json_node_get_object (node) : NULL;
  return TRUE;
}

gboolean
sd_store_json_array (JsonObject         *object,
                     const char         *member,
                     gboolean            required,
                     const SdStoreWhere *where,
                     JsonArray         **out,
                     GError            **error)
{
  JsonNode *node;

  *out = NULL;
  if (!typed_member (object, member, required, where, JSON_NODE_ARRAY, G_TYPE_INVALID,
                     N_("a list"), &node, error))
    return FALSE;
  *out = node != NULL ? json_node_get_array (node) : NULL;
  return TRUE;
}

gboolean
sd_store_json_element (JsonArray          *array,
                       guint               i,
                       const SdStoreWhere *where,
                       JsonObject        **out,
                       GError            **error)
{
  JsonNode *node = json_array_get_element (array, i);

  if (!JSON_NODE_HOLDS_OBJECT (node))
    {
      sd_store_set_corrupt (error, where, _("it is not an object"));
      return FALSE;
    }
  *out = json_node_get_object (node);
  return TRUE;
}

void
sd_store_redact_error (GError             *error,
                       const char * const *secrets)
{
  g_autoptr(GString) message = NULL;

  if (error == NULL || secrets == NULL)
    return;
  message = g_string_new (error->message);
  for (guint i = 0; secrets[i] != NULL; i++)
    if (*secrets[i] != '\0')
      g_string_replace (message, secrets[i], "…", 0);
  g_free (error->message);
  error->message = g_string_free (g_steal_pointer (&message), FALSE);
}
