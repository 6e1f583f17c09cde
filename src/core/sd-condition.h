/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

/* A condition on a customer: what a segment selects and what a custom tier rule asks.
 * The same tree is typed as text (`shopdesk-cli segments create … --where TEXT`), built
 * row by row in the segment builder, and compiled to SQL by the store.
 *
 * The text language
 * -----------------
 *   condition  := or
 *   or         := and { "or" and }
 *   and        := unary { "and" unary }            ("and" binds tighter than "or")
 *   unary      := "not" unary | "(" condition ")" | FIELD OP VALUE
 *   OP         := "=" | "!=" | "<" | "<=" | ">" | ">="
 *   VALUE      := NUMBER | STRING
 *   NUMBER     := ["-"] DIGITS ["." DIGITS]         (at most two decimals, for yuan and percent)
 *   STRING     := '"' { any character but '"' and '\', or '\"' or '\\' } '"'
 *
 * Keywords and field names are case-insensitive; spaces between tokens are free.
 *
 *   field                    value                   meaning
 *   total_spent              yuan (≤ 2 decimals)     paid total net of refunds; compared in fen, exactly
 *   order_count              whole number            trades that count toward spend
 *   avg_order                yuan (≤ 2 decimals)     total_spent ÷ order_count, compared exactly
 *   days_since_last_order    whole number of days    whole days since the last counted order
 *   days_since_first_order   whole number of days    whole days since the first counted order
 *   refund_count             whole number            orders with money given back
 *   refund_rate              percent (≤ 2 decimals)  refunded orders ÷ paid orders × 100
 *   tier                     grade 0–4               the customer's tier
 *   tag                      text, = or != only      has (=) or has not (!=) that tag
 *   province                 text, = or != only      "浙江" stands for "浙江省"
 *   city                     text, = or != only      as stored, e.g. "杭州市"
 *   rfm_group                text, = or != only      e.g. "champions"
 *   rfm_r, rfm_f, rfm_m      score 1–5               recency, frequency, monetary quintile
 *
 * avg_order, refund_rate and days_since_* have no value for a customer who never ordered
 * (nor has tier before it is computed, nor the RFM scores of a customer not scored): every
 * comparison with them is false for that customer, and "not" of it true. A text field a customer lacks is "" (rfm_group = ""
 * selects those not scored). "Whole days" are 24-hour periods before now.
 *
 * Example: total_spent >= 500 and days_since_last_order <= 90 and tag = "老客"
 *
 * Errors are SD_ERROR_INVALID_INPUT, their message starting "at column N: ", N the
 * 1-based character (not byte) where the problem is; sd_condition_parse_full() also
 * returns N. */

typedef struct _SdCondition SdCondition;

typedef enum
{
  SD_CONDITION_COMPARE,
  SD_CONDITION_AND,
  SD_CONDITION_OR,
  SD_CONDITION_NOT,
} SdConditionKind;

typedef enum
{
  SD_CONDITION_FIELD_TOTAL_SPENT,
  SD_CONDITION_FIELD_ORDER_COUNT,
  SD_CONDITION_FIELD_AVG_ORDER,
  SD_CONDITION_FIELD_DAYS_SINCE_LAST_ORDER,
  SD_CONDITION_FIELD_DAYS_SINCE_FIRST_ORDER,
  SD_CONDITION_FIELD_REFUND_COUNT,
  SD_CONDITION_FIELD_REFUND_RATE,
  SD_CONDITION_FIELD_TIER,
  SD_CONDITION_FIELD_TAG,
  SD_CONDITION_FIELD_PROVINCE,
  SD_CONDITION_FIELD_CITY,
  SD_CONDITION_FIELD_RFM_GROUP,
  SD_CONDITION_FIELD_RFM_R,
  SD_CONDITION_FIELD_RFM_F,
  SD_CONDITION_FIELD_RFM_M,
  SD_CONDITION_FIELD_N
} SdConditionField;

/* What a field's value is. Numbers are held as integers in the field's unit: fen for
 * MONEY, hundredths of a percent for PERCENT. */
typedef enum
{
  SD_CONDITION_VALUE_MONEY,     /* yuan as typed, fen held: "500.5" → 50050 */
  SD_CONDITION_VALUE_PERCENT,   /* percent as typed, 1/100 % held: "12.5" → 1250 */
  SD_CONDITION_VALUE_INTEGER,
  SD_CONDITION_VALUE_TEXT,      /* = and != only */
} SdConditionValueKind;

typedef enum
{
  SD_CONDITION_OP_EQ,
  SD_CONDITION_OP_NE,
  SD_CONDITION_OP_LT,
  SD_CONDITION_OP_LE,
  SD_CONDITION_OP_GT,
  SD_CONDITION_OP_GE,
  SD_CONDITION_OP_N
} SdConditionOp;

/* Nesting deeper than this (parentheses and "not") is refused. */
#define SD_CONDITION_MAX_DEPTH 64
/* The largest number a condition holds, in the field's unit. */
#define SD_CONDITION_MAX_NUMBER G_GINT64_CONSTANT (1000000000000)

#define SD_TYPE_CONDITION (sd_condition_get_type ())

GType                 sd_condition_get_type         (void) G_GNUC_CONST;

/* NULL and SD_ERROR_INVALID_INPUT ("at column N: …") when TEXT is not a condition. */
SdCondition          *sd_condition_parse            (const char        *text,
                                                     GError           **error);
/* The same; on an error *OUT_COLUMN is N (1-based, in characters), else 0. */
SdCondition          *sd_condition_parse_full       (const char        *text,
                                                     guint             *out_column,
                                                     GError           **error);
/* The canonical text: lower-case keywords, one space around operators, parentheses only
 * where needed. It parses back to an equal condition. */
char                 *sd_condition_to_string        (const SdCondition *condition);

/* Building one (the segment builder). A compare's value must suit its field: text for a
 * TEXT field (with = or != only), a number in the field's unit otherwise. */
SdCondition          *sd_condition_new_number       (SdConditionField   field,
                                                     SdConditionOp      op,
                                                     gint64             value);
SdCondition          *sd_condition_new_text         (SdConditionField   field,
                                                     SdConditionOp      op,
                                                     const char        *value);
/* AND or OR of the children (at least one; a child of the same kind is flattened in). */
SdCondition          *sd_condition_new_all          (SdConditionKind    kind,
                                                     SdCondition      **children,
                                                     guint              n_children);
SdCondition          *sd_condition_new_not          (SdCondition       *child);

SdCondition          *sd_condition_ref              (SdCondition       *condition);
void                  sd_condition_unref            (SdCondition       *condition);
gboolean              sd_condition_equal            (const SdCondition *a,
                                                     const SdCondition *b);

/* Reading one. */
SdConditionKind       sd_condition_get_kind         (const SdCondition *condition);
/* AND, OR: their children; NOT: its one child; COMPARE: none. */
guint                 sd_condition_get_n_children   (const SdCondition *condition);
SdCondition          *sd_condition_get_child        (const SdCondition *condition,
                                                     guint              index);
SdConditionField      sd_condition_get_field        (const SdCondition *condition);
SdConditionOp         sd_condition_get_op           (const SdCondition *condition);
/* In the field's unit (fen, 1/100 %, …); 0 for a TEXT field. */
gint64                sd_condition_get_number       (const SdCondition *condition);
/* NULL unless the field is a TEXT field. */
const char           *sd_condition_get_text         (const SdCondition *condition);

/* "total_spent", as the text language names it. */
const char           *sd_condition_field_to_string  (SdConditionField   field);
/* Case-insensitive. */
gboolean              sd_condition_field_from_string (const char       *name,
                                                      SdConditionField *out_field);
/* "Total spent (yuan)": translated, for people. */
const char           *sd_condition_field_get_label  (SdConditionField   field);
SdConditionValueKind  sd_condition_field_get_value_kind (SdConditionField field);
/* Whether the operator may be used with the field: = and != with every field, the others
 * with numbers only. */
gboolean              sd_condition_field_allows_op  (SdConditionField   field,
                                                     SdConditionOp      op);
const char           *sd_condition_op_to_string     (SdConditionOp      op);
/* A number in the field's unit as the text language writes it: 50050 fen → "500.5". */
char                 *sd_condition_format_number    (SdConditionField   field,
                                                     gint64             value);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SdCondition, sd_condition_unref)

G_END_DECLS
