/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

/* What gateways require a promotional message to end with (PROTOCOLS.md §5). */
#define SD_SMS_DEFAULT_OPT_OUT "拒收请回复R"

#define SD_TYPE_SMS_TEMPLATE (sd_sms_template_get_type ())

/* A campaign message: the signature (without 【】), the body with placeholders written {name}
 * or ${name} (letters, digits, _), and the opt-out wording. Immutable once made. */
typedef struct _SdSmsTemplate SdSmsTemplate;

GType          sd_sms_template_get_type          (void) G_GNUC_CONST;
SdSmsTemplate *sd_sms_template_new               (const char          *signature,
                                                  const char          *body,
                                                  const char          *opt_out /* NULL or "": the default */);
SdSmsTemplate *sd_sms_template_ref               (SdSmsTemplate       *t);
void           sd_sms_template_unref             (SdSmsTemplate       *t);
const char    *sd_sms_template_get_signature     (const SdSmsTemplate *t);
const char    *sd_sms_template_get_body          (const SdSmsTemplate *t);
const char    *sd_sms_template_get_opt_out       (const SdSmsTemplate *t);
/* The approved content as the gateway holds it: body then opt-out, the opt-out never doubled
 * (a body ending with it, or with any of 拒收请回复R / 回T退订 / 回TD退订, is not given it again);
 * placeholders written ${name}. No signature (the gateway adds 【sign】). The opt-out follows
 * the body's own closing punctuation directly ("…5折，拒收请回复R"), else after one space
 * ("…5折 拒收请回复R"); white space at the body's end is dropped first. */
char          *sd_sms_template_get_content       (const SdSmsTemplate *t);
/* The names of the placeholders, each once, in order of first use. */
GStrv          sd_sms_template_list_placeholders (const SdSmsTemplate *t);
/* The whole message a recipient receives: 【signature】 + content with every placeholder
 * replaced from VALUES (name → value; a missing or empty value takes its fallback word from
 * FALLBACKS, else the built-in one: name/nick → 亲, grade → 会员, last_item → 宝贝, others ""),
 * and in PARAM_JSON (may be NULL) the JSON object of the values used, for the gateway's
 * TemplateParam (keys sorted, compact). VALUES and FALLBACKS may be NULL. */
char          *sd_sms_template_render            (const SdSmsTemplate *t,
                                                  GHashTable          *values,
                                                  GHashTable          *fallbacks,
                                                  char               **param_json);
/* TEXT with its placeholders filled as sd_sms_template_render () fills them (VALUES, then
 * FALLBACKS, then the built-in words), and nothing added: no signature, no opt-out. For
 * text that is not an SMS, such as a quick reply. */
char          *sd_sms_placeholders_fill          (const char          *text,
                                                  GHashTable          *values,
                                                  GHashTable          *fallbacks);
/* The built-in fallback word for placeholder NAME ("" when it has none). */
const char    *sd_sms_placeholder_fallback       (const char          *name);

typedef enum
{
  SD_SMS_LINT_UNKNOWN_PLACEHOLDER,
  SD_SMS_LINT_NO_SIGNATURE,
  SD_SMS_LINT_LINK,
  SD_SMS_LINT_BLOCKED_WORD,
  SD_SMS_LINT_TOO_LONG,
  SD_SMS_LINT_EMPTY,
} SdSmsLintKind;

typedef struct
{
  SdSmsLintKind kind;
  char         *message; /* translated, names the placeholder or word */
  guint         offset;  /* in characters of the body (0 for the whole message) */
  guint         length;  /* in characters of the body (0 for the whole message) */
} SdSmsLintIssue;

void           sd_sms_lint_issue_free            (SdSmsLintIssue      *issue);
/* Problems of T: KNOWN the placeholder names it may use (the built-ins and the campaign's
 * custom fields; NULL: the built-ins), BLOCKED words the gateway rejects (NULL: none),
 * LONGEST the longest rendered message (NULL: the template itself, rendered with its
 * fallbacks) for the 500-character check. GPtrArray of SdSmsLintIssue (frees them), in order
 * of offset; empty when there is nothing to say. */
GPtrArray     *sd_sms_template_lint              (const SdSmsTemplate *t,
                                                  const char * const  *known,
                                                  const char * const  *blocked,
                                                  const char          *longest);

/* name nick grade shop coupon last_item, NULL */
extern const char * const sd_sms_builtin_placeholders[];

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SdSmsTemplate, sd_sms_template_unref)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (SdSmsLintIssue, sd_sms_lint_issue_free)

G_END_DECLS
