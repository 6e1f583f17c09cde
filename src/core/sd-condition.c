/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "sd-condition"

#include "sd-i18n.h"

#include <string.h>

#include "sd-condition.h"
#include "sd-error.h"

struct _SdCondition
{
  gatomicrefcount   ref;
  SdConditionKind   kind;
  SdConditionField  field;
  SdConditionOp     op;
  gint64            number;
  char             *text;
  GPtrArray        *children;    /* SdCondition *: AND, OR, NOT */
};

G_DEFINE_BOXED_TYPE (SdCondition, sd_condition, sd_condition_ref, sd_condition_unref)

static const struct
{
  const char           *name;
  SdConditionValueKind  kind;
  const char           *label;
} fields[] = {
  [SD_CONDITION_FIELD_TOTAL_SPENT] = { "total_spent", SD_CONDITION_VALUE_MONEY, N_("Total spent (yuan)") },
  [SD_CONDITION_FIELD_ORDER_COUNT] = { "order_count", SD_CONDITION_VALUE_INTEGER, N_("Orders") },
  [SD_CONDITION_FIELD_AVG_ORDER] = { "avg_order", SD_CONDITION_VALUE_MONEY, N_("Average order (yuan)") },
  [SD_CONDITION_FIELD_DAYS_SINCE_LAST_ORDER] = { "days_since_last_order", SD_CONDITION_VALUE_INTEGER,
                                                 N_("Days since the last order") },
  [SD_CONDITION_FIELD_DAYS_SINCE_FIRST_ORDER] = { "days_since_first_order", SD_CONDITION_VALUE_INTEGER,
                                                  N_("Days since the first order") },
  [SD_CONDITION_FIELD_REFUND_COUNT] = { "refund_count", SD_CONDITION_VALUE_INTEGER, N_("Refunds") },
  [SD_CONDITION_FIELD_REFUND_RATE] = { "refund_rate", SD_CONDITION_VALUE_PERCENT, N_("Refund rate (%)") },
  [SD_CONDITION_FIELD_TIER] = { "tier", SD_CONDITION_VALUE_INTEGER, N_("Tier (grade 0–4)") },
  [SD_CONDITION_FIELD_TAG] = { "tag", SD_CONDITION_VALUE_TEXT, N_("Tag") },
  [SD_CONDITION_FIELD_PROVINCE] = { "province", SD_CONDITION_VALUE_TEXT, N_("Province") },
  [SD_CONDITION_FIELD_CITY] = { "city", SD_CONDITION_VALUE_TEXT, N_("City") },
  [SD_CONDITION_FIELD_RFM_GROUP] = { "rfm_group", SD_CONDITION_VALUE_TEXT, N_("RFM group") },
  [SD_CONDITION_FIELD_RFM_R] = { "rfm_r", SD_CONDITION_VALUE_INTEGER, N_("Recency score (1–5)") },
  [SD_CONDITION_FIELD_RFM_F] = { "rfm_f", SD_CONDITION_VALUE_INTEGER, N_("Frequency score (1–5)") },
  [SD_CONDITION_FIELD_RFM_M] = { "rfm_m", SD_CONDITION_VALUE_INTEGER, N_("Monetary score (1–5)") },
};

G_STATIC_ASSERT (G_N_ELEMENTS (fields) == SD_CONDITION_FIELD_N);

static const char *op_names[] = {
  [SD_CONDITION_OP_EQ] = "=",
  [SD_CONDITION_OP_NE] = "!=",
  [SD_CONDITION_OP_LT] = "<",
  [SD_CONDITION_OP_LE] = "<=",
  [SD_CONDITION_OP_GT] = ">",
  [SD_CONDITION_OP_GE] = ">=",
};

G_STATIC_ASSERT (G_N_ELEMENTS (op_names) == SD_CONDITION_OP_N);

/* The tier ladder's grades; RFM scores. */
#define TIER_MIN 0
#define TIER_MAX 4
#define SCORE_MIN 1
#define SCORE_MAX 5

static gboolean
field_is_score (SdConditionField field)
{
  return field == SD_CONDITION_FIELD_RFM_R || field == SD_CONDITION_FIELD_RFM_F ||
         field == SD_CONDITION_FIELD_RFM_M;
}

static gboolean
number_in_range (SdConditionField field,
                 gint64           value)
{
  if (field == SD_CONDITION_FIELD_TIER)
    return value >= TIER_MIN && value <= TIER_MAX;
  if (field_is_score (field))
    return value >= SCORE_MIN && value <= SCORE_MAX;
  return TRUE;
}

/* Nodes. */

static SdCondition *
condition_new (SdConditionKind kind)
{
  SdCondition *self = g_new0 (SdCondition, 1);

  g_atomic_ref_count_init (&self->ref);
  self->kind = kind;
  if (kind != SD_CONDITION_COMPARE)
    self->children = g_ptr_array_new_with_free_func ((GDestroyNotify) sd_condition_unref);
  return self;
}

static gboolean
field_is_text (SdConditionField field)
{
  return fields[field].kind == SD_CONDITION_VALUE_TEXT;
}

/* Takes CHILD: a child of KIND lends its children instead of itself. */
static void
add_child (SdCondition *self,
           SdCondition *child)
{
  if (child->kind == self->kind && self->kind != SD_CONDITION_NOT)
    {
      for (guint i = 0; i < child->children->len; i++)
        g_ptr_array_add (self->children, sd_condition_ref (g_ptr_array_index (child->children, i)));
      sd_condition_unref (child);
    }
  else
    g_ptr_array_add (self->children, child);
}

/* Text. */

static void
append_number (GString              *out,
               SdConditionValueKind  kind,
               gint64                value)
{
  guint64 magnitude;

  if (kind != SD_CONDITION_VALUE_MONEY && kind != SD_CONDITION_VALUE_PERCENT)
    {
      g_string_append_printf (out, "%" G_GINT64_FORMAT, value);
      return;
    }
  if (value < 0)
    g_string_append_c (out, '-');
  magnitude = value < 0 ? (guint64) 0 - (guint64) value : (guint64) value;
  g_string_append_printf (out, "%" G_GUINT64_FORMAT, magnitude / 100);
  if (magnitude % 100 == 0)
    return;
  if (magnitude % 10 == 0)
    g_string_append_printf (out, ".%u", (guint) (magnitude % 100) / 10);
  else
    g_string_append_printf (out, ".%02u", (guint) (magnitude % 100));
}

static void
append_string (GString    *out,
               const char *text)
{
  g_string_append_c (out, '"');
  for (const char *p = text; *p; p++)
    {
      if (*p == '"' || *p == '\\')
        g_string_append_c (out, '\\');
      g_string_append_c (out, *p);
    }
  g_string_append_c (out, '"');
}

/* How tightly a node binds: a child that binds less tightly than its place needs
 * parentheses. */
static int
precedence (const SdCondition *self)
{
  switch (self->kind)
    {
    case SD_CONDITION_OR:
      return 1;
    case SD_CONDITION_AND:
      return 2;
    case SD_CONDITION_NOT:
      return 3;
    case SD_CONDITION_COMPARE:
    default:
      return 4;
    }
}

static void
append_condition (GString           *out,
                  const SdCondition *self,
                  int                place)
{
  gboolean parens = precedence (self) < place;

  if (parens)
    g_string_append_c (out, '(');
  switch (self->kind)
    {
    case SD_CONDITION_COMPARE:
      g_string_append_printf (out, "%s %s ", fields[self->field].name, op_names[self->op]);
      if (field_is_text (self->field))
        append_string (out, self->text);
      else
        append_number (out, fields[self->field].kind, self->number);
      break;
    case SD_CONDITION_NOT:
      g_string_append (out, "not ");
      append_condition (out, g_ptr_array_index (self->children, 0), precedence (self));
      break;
    case SD_CONDITION_AND:
    case SD_CONDITION_OR:
      for (guint i = 0; i < self->children->len; i++)
        {
          if (i > 0)
            g_string_append (out, self->kind == SD_CONDITION_AND ? " and " : " or ");
          /* One more than its own: a child of the same kind (never there after
           * flattening, but a hand-built tree may nest) keeps its parentheses. */
          append_condition (out, g_ptr_array_index (self->children, i), precedence (self) + 1);
        }
      break;
    default:
      g_assert_not_reached ();
    }
  if (parens)
    g_string_append_c (out, ')');
}

/* The parser. */

typedef enum
{
  TOKEN_END,
  TOKEN_WORD,
  TOKEN_NUMBER,
  TOKEN_STRING,
  TOKEN_OP,
  TOKEN_OPEN,
  TOKEN_CLOSE,
} TokenKind;

typedef struct
{
  TokenKind      kind;
  const char    *start;
  gsize          len;          /* bytes */
  guint          column;       /* 1-based, in characters */
  SdConditionOp  op;
  char          *text;         /* TOKEN_STRING: the text without quotes and escapes */
} Token;

typedef struct
{
  const char *p;               /* after the current token */
  guint       column;          /* of p */
  guint       depth;
  Token       token;
  GError     *error;
  guint       error_column;
} Parser;

static void
fail (Parser     *parser,
      guint       column,
      const char *format,
      ...) G_GNUC_PRINTF (3, 4);

static void
fail (Parser     *parser,
      guint       column,
      const char *format,
      ...)
{
  g_autofree char *detail = NULL;
  va_list args;

  if (parser->error != NULL)
    return;
  va_start (args, format);
  detail = g_strdup_vprintf (format, args);
  va_end (args);
  parser->error_column = column;
  /* TRANSLATORS: "at column 12: unknown field “spent”" */
  parser->error = g_error_new (SD_ERROR, SD_ERROR_INVALID_INPUT, _("at column %u: %s"), column, detail);
}

/* The token as the user typed it, for a message; long ones cut short. */
static char *
token_display (const Token *token)
{
  glong chars = g_utf8_strlen (token->start, (gssize) token->len);
  g_autofree char *head = NULL;

  if (chars <= 24)
    return g_strndup (token->start, token->len);
  head = g_utf8_substring (token->start, 0, 24);
  return g_strconcat (head, "…", NULL);
}

static gboolean
is_word_char (gunichar c)
{
  return c == '_' || g_unichar_isalnum (c);
}

static gboolean
is_op_char (char c)
{
  return c == '=' || c == '!' || c == '<' || c == '>';
}

/* Moves P on by one character. */
static void
step (Parser *parser)
{
  parser->p = g_utf8_next_char (parser->p);
  parser->column++;
}

static gboolean
lex_string (Parser *parser,
            Token  *token)
{
  GString *text = g_string_new (NULL);

  step (parser);    /* the opening quote */
  for (;;)
    {
      if (*parser->p == '\0')
        {
          fail (parser, token->column, _("the text starting here has no closing quote (\")"));
          g_string_free (text, TRUE);
          return FALSE;
        }
      if (*parser->p == '"')
        {
          step (parser);
          break;
        }
      if (*parser->p == '\\')
        {
          guint at = parser->column;

          step (parser);
          if (*parser->p != '"' && *parser->p != '\\')
            {
              fail (parser, at, _("a backslash in text escapes only \" or \\ (write \\\\ for a backslash)"));
              g_string_free (text, TRUE);
              return FALSE;
            }
        }
      {
        const char *next = g_utf8_next_char (parser->p);
        g_string_append_len (text, parser->p, next - parser->p);
        step (parser);
      }
    }
  token->kind = TOKEN_STRING;
  token->text = g_string_free (text, FALSE);
  return TRUE;
}

static gboolean
lex_op (Parser *parser,
        Token  *token)
{
  static const struct { const char *text; SdConditionOp op; } ops[] = {
    { "=", SD_CONDITION_OP_EQ }, { "!=", SD_CONDITION_OP_NE }, { "<", SD_CONDITION_OP_LT },
    { "<=", SD_CONDITION_OP_LE }, { ">", SD_CONDITION_OP_GT }, { ">=", SD_CONDITION_OP_GE },
  };
  gsize len = 0;

  while (is_op_char (parser->p[len]))
    len++;
  for (guint i = 0; i < G_N_ELEMENTS (ops); i++)
    if (strlen (ops[i].text) == len && strncmp (ops[i].text, parser->p, len) == 0)
      {
        token->kind = TOKEN_OP;
        token->op = ops[i].op;
        parser->p += len;
        parser->column += (guint) len;
        return TRUE;
      }
  {
    g_autofree char *op = g_strndup (parser->p, len);
    fail (parser, token->column, _("unknown operator “%s”: use =, !=, <, <=, > or >="), op);
  }
  return FALSE;
}

/* Reads the next token into parser->token. */
static gboolean
advance (Parser *parser)
{
  Token *token = &parser->token;
  gunichar c;

  g_clear_pointer (&token->text, g_free);
  while (*parser->p != '\0' && g_unichar_isspace (g_utf8_get_char (parser->p)))
    step (parser);

  token->start = parser->p;
  token->column = parser->column;
  c = g_utf8_get_char (parser->p);

  if (c == 0)
    token->kind = TOKEN_END;
  else if (c == '(' || c == ')')
    {
      token->kind = c == '(' ? TOKEN_OPEN : TOKEN_CLOSE;
      step (parser);
    }
  else if (c == '"')
    {
      if (!lex_string (parser, token))
        return FALSE;
    }
  else if (c < 0x80 && is_op_char ((char) c))
    {
      if (!lex_op (parser, token))
        return FALSE;
    }
  else if ((c < 0x80 && g_ascii_isdigit ((char) c)) ||
           ((c == '-' || c == '.') && g_ascii_isdigit (parser->p[1])))
    {
      token->kind = TOKEN_NUMBER;
      if (c == '-')
        step (parser);
      while (g_ascii_isdigit (*parser->p) || *parser->p == '.')
        step (parser);
    }
  else if (is_word_char (c))
    {
      token->kind = TOKEN_WORD;
      while (*parser->p != '\0' && is_word_char (g_utf8_get_char (parser->p)))
        step (parser);
    }
  else
    {
      const char *next = g_utf8_next_char (parser->p);
      g_autofree char *ch = g_strndup (parser->p, next - parser->p);

      if (c == 0x201C || c == 0x201D || c == 0x2018 || c == 0x2019 || c == '\'')
        fail (parser, token->column, _("“%s” is not a quote ShopDesk reads: put text in straight double quotes (\")"), ch);
      else
        fail (parser, token->column, _("unexpected “%s”"), ch);
      return FALSE;
    }
  token->len = (gsize) (parser->p - token->start);
  return TRUE;
}

static gboolean
token_is_keyword (const Token *token,
                  const char  *keyword)
{
  return token->kind == TOKEN_WORD && token->len == strlen (keyword) &&
         g_ascii_strncasecmp (token->start, keyword, token->len) == 0;
}

/* The number in the token in FIELD's unit, exactly: "500.5" yuan → 50050 fen. */
static gboolean
token_number (Parser           *parser,
              SdConditionField  field,
              gint64           *out_value)
{
  const Token *token = &parser->token;
  const char *p = token->start;
  const char *end = token->start + token->len;
  SdConditionValueKind kind = fields[field].kind;
  guint decimals = (kind == SD_CONDITION_VALUE_MONEY || kind == SD_CONDITION_VALUE_PERCENT) ? 2 : 0;
  gboolean negative = FALSE;
  guint64 value = 0;
  guint n_int = 0, n_frac = 0;

  if (p < end && *p == '-')
    {
      negative = TRUE;
      p++;
    }
  for (; p < end && g_ascii_isdigit (*p); p++, n_int++)
    {
      value = value * 10 + (guint64) (*p - '0');
      if (value > (guint64) SD_CONDITION_MAX_NUMBER)
        {
          fail (parser, token->column, _("the number is too large"));
          return FALSE;
        }
    }
  if (p < end && *p == '.')
    {
      const char *frac = ++p;

      for (; p < end && g_ascii_isdigit (*p); p++)
        n_frac++;
      if (n_frac == 0 || p < end || n_int == 0)
        {
          fail (parser, token->column, _("“%.*s” is not a number"), (int) token->len, token->start);
          return FALSE;
        }
      if (decimals == 0)
        {
          fail (parser, token->column, _("“%s” takes a whole number"), fields[field].name);
          return FALSE;
        }
      if (n_frac > decimals)
        {
          /* TRANSLATORS: yuan to the fen, a percent to the hundredth */
          fail (parser, token->column, _("“%s” takes at most two decimal places"), fields[field].name);
          return FALSE;
        }
      for (guint i = 0; i < decimals; i++)
        value = value * 10 + (guint64) (i < n_frac ? frac[i] - '0' : 0);
    }
  else if (p < end || n_int == 0)
    {
      fail (parser, token->column, _("“%.*s” is not a number"), (int) token->len, token->start);
      return FALSE;
    }
  else
    for (guint i = 0; i < decimals; i++)
      value *= 10;

  if (value > (guint64) SD_CONDITION_MAX_NUMBER)
    {
      fail (parser, token->column, _("the number is too large"));
      return FALSE;
    }
  *out_value = negative ? -(gint64) value : (gint64) value;
  if (!number_in_range (field, *out_value))
    {
      if (field == SD_CONDITION_FIELD_TIER)
        fail (parser, token->column, _("a tier is a grade from 0 to 4"));
      else
        fail (parser, token->column, _("an RFM score is from 1 to 5"));
      return FALSE;
    }
  return TRUE;
}

static SdCondition *parse_or (Parser *parser);

static SdCondition *
parse_compare (Parser *parser)
{
  Token *token = &parser->token;
  g_autoptr(SdCondition) self = NULL;
  g_autofree char *shown = NULL;
  SdConditionField field;
  SdConditionOp op;
  guint op_column;

  if (token->kind == TOKEN_END)
    {
      fail (parser, token->column, _("a condition is missing here, e.g. total_spent >= 500"));
      return NULL;
    }
  shown = token_display (token);
  if (token->kind != TOKEN_WORD || token_is_keyword (token, "and") || token_is_keyword (token, "or"))
    {
      fail (parser, token->column, _("expected a field such as total_spent, found “%s”"), shown);
      return NULL;
    }
  {
    g_autofree char *name = g_strndup (token->start, token->len);
    if (!sd_condition_field_from_string (name, &field))
      {
        g_autoptr(GString) known = g_string_new (NULL);

        for (guint i = 0; i < G_N_ELEMENTS (fields); i++)
          g_string_append_printf (known, "%s%s", i ? ", " : "", fields[i].name);
        fail (parser, token->column, _("unknown field “%s”; the fields are: %s"), shown, known->str);
        return NULL;
      }
  }
  if (!advance (parser))
    return NULL;

  if (token->kind != TOKEN_OP)
    {
      if (token->kind == TOKEN_END)
        fail (parser, token->column, _("expected =, !=, <, <=, > or >= after “%s”"), fields[field].name);
      else
        {
          g_autofree char *found = token_display (token);
          fail (parser, token->column, _("expected =, !=, <, <=, > or >= after “%s”, found “%s”"),
                fields[field].name, found);
        }
      return NULL;
    }
  op = token->op;
  op_column = token->column;
  if (!sd_condition_field_allows_op (field, op))
    {
      fail (parser, op_column, _("“%s” can only be compared with = or !="), fields[field].name);
      return NULL;
    }
  if (!advance (parser))
    return NULL;

  self = condition_new (SD_CONDITION_COMPARE);
  self->field = field;
  self->op = op;
  if (token->kind == TOKEN_END)
    {
      fail (parser, token->column, _("a value is missing after “%s”"), op_names[op]);
      return NULL;
    }
  if (field_is_text (field))
    {
      if (token->kind != TOKEN_STRING)
        {
          g_autofree char *found = token_display (token);
          if (token->kind == TOKEN_WORD || token->kind == TOKEN_NUMBER)
            fail (parser, token->column, _("“%s” is compared with text in double quotes, e.g. %s %s \"%s\""),
                  fields[field].name, fields[field].name, op_names[op], found);
          else
            fail (parser, token->column, _("expected text in double quotes after “%s”, found “%s”"),
                  op_names[op], found);
          return NULL;
        }
      self->text = g_steal_pointer (&token->text);
    }
  else
    {
      if (token->kind != TOKEN_NUMBER)
        {
          g_autofree char *found = token_display (token);
          fail (parser, token->column, _("“%s” is compared with a number, e.g. %s %s 500; found “%s”"),
                fields[field].name, fields[field].name, op_names[op], found);
          return NULL;
        }
      if (!token_number (parser, field, &self->number))
        return NULL;
    }
  if (!advance (parser))
    return NULL;
  return g_steal_pointer (&self);
}

static SdCondition *
parse_unary (Parser *parser)
{
  Token *token = &parser->token;
  SdCondition *self;

  if (parser->depth >= SD_CONDITION_MAX_DEPTH)
    {
      fail (parser, token->column, _("the condition is nested too deeply"));
      return NULL;
    }

  if (token_is_keyword (token, "not"))
    {
      SdCondition *child;

      if (!advance (parser))
        return NULL;
      parser->depth++;
      child = parse_unary (parser);
      parser->depth--;
      if (child == NULL)
        return NULL;
      self = condition_new (SD_CONDITION_NOT);
      g_ptr_array_add (self->children, child);
      return self;
    }

  if (token->kind == TOKEN_OPEN)
    {
      guint open_column = token->column;

      if (!advance (parser))
        return NULL;
      parser->depth++;
      self = parse_or (parser);
      parser->depth--;
      if (self == NULL)
        return NULL;
      if (token->kind != TOKEN_CLOSE)
        {
          if (token->kind == TOKEN_END)
            fail (parser, token->column, _("expected “)” to close the “(” at column %u"), open_column);
          else
            {
              g_autofree char *found = token_display (token);
              fail (parser, token->column, _("expected “and”, “or” or “)”, found “%s”"), found);
            }
          sd_condition_unref (self);
          return NULL;
        }
      if (!advance (parser))
        {
          sd_condition_unref (self);
          return NULL;
        }
      return self;
    }

  return parse_compare (parser);
}

static SdCondition *
parse_list (Parser          *parser,
            SdConditionKind  kind)
{
  const char *keyword = kind == SD_CONDITION_OR ? "or" : "and";
  g_autoptr(SdCondition) self = NULL;
  SdCondition *first;

  first = kind == SD_CONDITION_OR ? parse_list (parser, SD_CONDITION_AND) : parse_unary (parser);
  if (first == NULL)
    return NULL;
  if (!token_is_keyword (&parser->token, keyword))
    return first;

  self = condition_new (kind);
  add_child (self, first);
  while (token_is_keyword (&parser->token, keyword))
    {
      SdCondition *next;

      if (!advance (parser))
        return NULL;
      next = kind == SD_CONDITION_OR ? parse_list (parser, SD_CONDITION_AND) : parse_unary (parser);
      if (next == NULL)
        return NULL;
      add_child (self, next);
    }
  return g_steal_pointer (&self);
}

static SdCondition *
parse_or (Parser *parser)
{
  return parse_list (parser, SD_CONDITION_OR);
}

/* Public API. */

SdCondition *
sd_condition_parse_full (const char  *text,
                         guint       *out_column,
                         GError     **error)
{
  Parser parser = { 0 };
  g_autoptr(SdCondition) self = NULL;
  const char *bad = NULL;

  g_return_val_if_fail (text != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (out_column != NULL)
    *out_column = 0;

  if (!g_utf8_validate (text, -1, &bad))
    {
      parser.column = (guint) g_utf8_strlen (text, bad - text) + 1;
      fail (&parser, parser.column, _("the text is not valid UTF-8"));
    }
  else
    {
      parser.p = text;
      parser.column = 1;
      if (advance (&parser))
        self = parse_or (&parser);
      if (self != NULL && parser.token.kind != TOKEN_END)
        {
          g_autofree char *found = token_display (&parser.token);

          if (parser.token.kind == TOKEN_CLOSE)
            fail (&parser, parser.token.column, _("this “)” has no “(” before it"));
          else
            fail (&parser, parser.token.column, _("expected “and”, “or” or the end, found “%s”"), found);
        }
      g_clear_pointer (&parser.token.text, g_free);
    }

  if (parser.error != NULL)
    {
      if (out_column != NULL)
        *out_column = parser.error_column;
      g_propagate_error (error, parser.error);
      return NULL;
    }
  return g_steal_pointer (&self);
}

SdCondition *
sd_condition_parse (const char  *text,
                    GError     **error)
{
  return sd_condition_parse_full (text, NULL, error);
}

char *
sd_condition_to_string (const SdCondition *condition)
{
  GString *out;

  g_return_val_if_fail (condition != NULL, NULL);

  out = g_string_new (NULL);
  append_condition (out, condition, 0);
  return g_string_free (out, FALSE);
}

SdCondition *
sd_condition_new_number (SdConditionField field,
                         SdConditionOp    op,
                         gint64           value)
{
  SdCondition *self;

  g_return_val_if_fail (field < SD_CONDITION_FIELD_N, NULL);
  g_return_val_if_fail (!field_is_text (field), NULL);
  g_return_val_if_fail (op < SD_CONDITION_OP_N, NULL);
  g_return_val_if_fail (value >= -SD_CONDITION_MAX_NUMBER && value <= SD_CONDITION_MAX_NUMBER, NULL);
  g_return_val_if_fail (number_in_range (field, value), NULL);

  self = condition_new (SD_CONDITION_COMPARE);
  self->field = field;
  self->op = op;
  self->number = value;
  return self;
}

SdCondition *
sd_condition_new_text (SdConditionField  field,
                       SdConditionOp     op,
                       const char       *value)
{
  SdCondition *self;

  g_return_val_if_fail (field < SD_CONDITION_FIELD_N, NULL);
  g_return_val_if_fail (field_is_text (field), NULL);
  g_return_val_if_fail (op == SD_CONDITION_OP_EQ || op == SD_CONDITION_OP_NE, NULL);
  g_return_val_if_fail (value != NULL && g_utf8_validate (value, -1, NULL), NULL);

  self = condition_new (SD_CONDITION_COMPARE);
  self->field = field;
  self->op = op;
  self->text = g_strdup (value);
  return self;
}

/**
 * sd_condition_new_all:
 * @children: (transfer full): the conditions, at least one
 *
 * Returns: AND or OR of the children, or the child itself when there is one.
 */
SdCondition *
sd_condition_new_all (SdConditionKind   kind,
                      SdCondition     **children,
                      guint             n_children)
{
  SdCondition *self;

  g_return_val_if_fail (kind == SD_CONDITION_AND || kind == SD_CONDITION_OR, NULL);
  g_return_val_if_fail (children != NULL && n_children > 0, NULL);

  if (n_children == 1)
    return children[0];
  self = condition_new (kind);
  for (guint i = 0; i < n_children; i++)
    add_child (self, children[i]);
  return self;
}

/**
 * sd_condition_new_not:
 * @child: (transfer full):
 */
SdCondition *
sd_condition_new_not (SdCondition *child)
{
  SdCondition *self;

  g_return_val_if_fail (child != NULL, NULL);

  self = condition_new (SD_CONDITION_NOT);
  g_ptr_array_add (self->children, child);
  return self;
}

SdCondition *
sd_condition_ref (SdCondition *condition)
{
  g_return_val_if_fail (condition != NULL, NULL);
  g_atomic_ref_count_inc (&condition->ref);
  return condition;
}

void
sd_condition_unref (SdCondition *condition)
{
  if (condition == NULL || !g_atomic_ref_count_dec (&condition->ref))
    return;
  g_clear_pointer (&condition->children, g_ptr_array_unref);
  g_free (condition->text);
  g_free (condition);
}

gboolean
sd_condition_equal (const SdCondition *a,
                    const SdCondition *b)
{
  if (a == b)
    return TRUE;
  if (a == NULL || b == NULL || a->kind != b->kind)
    return FALSE;
  if (a->kind == SD_CONDITION_COMPARE)
    return a->field == b->field && a->op == b->op && a->number == b->number &&
           g_strcmp0 (a->text, b->text) == 0;
  if (a->children->len != b->children->len)
    return FALSE;
  for (guint i = 0; i < a->children->len; i++)
    if (!sd_condition_equal (g_ptr_array_index (a->children, i), g_ptr_array_index (b->children, i)))
      return FALSE;
  return TRUE;
}

SdConditionKind
sd_condition_get_kind (const SdCondition *condition)
{
  g_return_val_if_fail (condition != NULL, SD_CONDITION_COMPARE);
  return condition->kind;
}

guint
sd_condition_get_n_children (const SdCondition *condition)
{
  g_return_val_if_fail (condition != NULL, 0);
  return condition->children ? condition->children->len : 0;
}

SdCondition *
sd_condition_get_child (const SdCondition *condition,
                        guint              index)
{
  g_return_val_if_fail (condition != NULL, NULL);
  g_return_val_if_fail (condition->children != NULL && index < condition->children->len, NULL);
  return g_ptr_array_index (condition->children, index);
}

SdConditionField
sd_condition_get_field (const SdCondition *condition)
{
  g_return_val_if_fail (condition != NULL, 0);
  return condition->field;
}

SdConditionOp
sd_condition_get_op (const SdCondition *condition)
{
  g_return_val_if_fail (condition != NULL, 0);
  return condition->op;
}

gint64
sd_condition_get_number (const SdCondition *condition)
{
  g_return_val_if_fail (condition != NULL, 0);
  return condition->number;
}

const char *
sd_condition_get_text (const SdCondition *condition)
{
  g_return_val_if_fail (condition != NULL, NULL);
  return condition->text;
}

const char *
sd_condition_field_to_string (SdConditionField field)
{
  g_return_val_if_fail (field < SD_CONDITION_FIELD_N, NULL);
  return fields[field].name;
}

gboolean
sd_condition_field_from_string (const char       *name,
                                SdConditionField *out_field)
{
  g_return_val_if_fail (name != NULL, FALSE);

  for (guint i = 0; i < G_N_ELEMENTS (fields); i++)
    if (g_ascii_strcasecmp (name, fields[i].name) == 0)
      {
        if (out_field != NULL)
          *out_field = (SdConditionField) i;
        return TRUE;
      }
  return FALSE;
}

const char *
sd_condition_field_get_label (SdConditionField field)
{
  g_return_val_if_fail (field < SD_CONDITION_FIELD_N, NULL);
  return _(fields[field].label);
}

SdConditionValueKind
sd_condition_field_get_value_kind (SdConditionField field)
{
  g_return_val_if_fail (field < SD_CONDITION_FIELD_N, SD_CONDITION_VALUE_INTEGER);
  return fields[field].kind;
}

gboolean
sd_condition_field_allows_op (SdConditionField field,
                              SdConditionOp    op)
{
  g_return_val_if_fail (field < SD_CONDITION_FIELD_N, FALSE);
  g_return_val_if_fail (op < SD_CONDITION_OP_N, FALSE);
  return !field_is_text (field) || op == SD_CONDITION_OP_EQ || op == SD_CONDITION_OP_NE;
}

const char *
sd_condition_op_to_string (SdConditionOp op)
{
  g_return_val_if_fail (op < SD_CONDITION_OP_N, NULL);
  return op_names[op];
}

char *
sd_condition_format_number (SdConditionField field,
                            gint64           value)
{
  GString *out;

  g_return_val_if_fail (field < SD_CONDITION_FIELD_N, NULL);

  out = g_string_new (NULL);
  append_number (out, fields[field].kind, value);
  return g_string_free (out, FALSE);
}
