/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

/* The values the stores send, read strictly (src/core/net and its tests only). Pure
 * functions: no network, no locale, no time zone database. */

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

/* "148.00", "0.5", "12" → fen, exactly. No sign, no spaces, at most two decimals, at
 * least one digit before the point. */
gboolean  sd_store_parse_money     (const char *text,
                                    gint64     *out_cents);
/* TOP's "yyyy-MM-dd HH:mm:ss", Beijing time (GMT+8) → UTC seconds, none before 1970. */
gboolean  sd_store_parse_top_time  (const char *text,
                                    gint64     *out_utc);
/* ISO 8601 with an offset or Z ("2024-05-01T12:00:00+08:00", fractions ignored) → UTC,
 * none before 1970. */
gboolean  sd_store_parse_iso_time  (const char *text,
                                    gint64     *out_utc);
char     *sd_store_format_top_time (gint64      utc);
/* With the shop's offset: "2024-05-01T12:00:00+08:00". */
char     *sd_store_format_iso_time (gint64      utc);

/* Masked ("张**", "138****1234") or encrypted the way TOP encrypts ("~…~", "$…$", "#…#"). */
gboolean  sd_store_value_is_masked (const char *text);

/* Where a value sits, for messages: CALL, and WHAT (N_("trade"), translated only when a
 * message is made) number INDEX (from 1; 0: the answer itself) with its ID once known,
 * inside PARENT (a sub-order in its trade). */
typedef struct _SdStoreWhere SdStoreWhere;
struct _SdStoreWhere
{
  const char         *call;
  const char         *what;
  guint               index;
  const char         *id;
  const SdStoreWhere *parent;
};

/* Sets SD_ERROR_CORRUPT: "The store’s answer to CALL is not as expected: <where>: DETAIL". */
void      sd_store_set_corrupt     (GError            **error,
                                    const SdStoreWhere *where,
                                    const char         *detail);

/* JSON text → its root node, or SD_ERROR_CORRUPT for what is not JSON, is empty or nests
 * deeper than any store answer does. */
JsonParser *sd_store_json_parse    (const char         *data,
                                    gsize               length,
                                    const SdStoreWhere *where,
                                    GError            **error);

/* Members of OBJECT, read strictly. A member that is absent or null is "" / 0 / NULL
 * unless REQUIRED, when it is an error; one of another type is always an error. */
gboolean  sd_store_json_string     (JsonObject         *object,
                                    const char         *member,
                                    gboolean            required,
                                    const SdStoreWhere *where,
                                    const char        **out,
                                    GError            **error);
/* A positive id that may come as a number or as a string of digits; decimal text. */
gboolean  sd_store_json_id         (JsonObject         *object,
                                    const char         *member,
                                    gboolean            required,
                                    const SdStoreWhere *where,
                                    char              **out,
                                    GError            **error);
/* A count ≥ 0, as a number or a string of digits. */
gboolean  sd_store_json_count      (JsonObject         *object,
                                    const char         *member,
                                    gboolean            required,
                                    const SdStoreWhere *where,
                                    gint64             *out,
                                    GError            **error);
gboolean  sd_store_json_money      (JsonObject         *object,
                                    const char         *member,
                                    gboolean            required,
                                    const SdStoreWhere *where,
                                    gint64             *out_cents,
                                    GError            **error);
gboolean  sd_store_json_top_time   (JsonObject         *object,
                                    const char         *member,
                                    gboolean            required,
                                    const SdStoreWhere *where,
                                    gint64             *out_utc,
                                    GError            **error);
gboolean  sd_store_json_iso_time   (JsonObject         *object,
                                    const char         *member,
                                    gboolean            required,
                                    const SdStoreWhere *where,
                                    gint64             *out_utc,
                                    GError            **error);
gboolean  sd_store_json_bool       (JsonObject         *object,
                                    const char         *member,
                                    const SdStoreWhere *where,
                                    gboolean           *out,
                                    GError            **error);
gboolean  sd_store_json_object     (JsonObject         *object,
                                    const char         *member,
                                    gboolean            required,
                                    const SdStoreWhere *where,
                                    JsonObject        **out,
                                    GError            **error);
gboolean  sd_store_json_array      (JsonObject         *object,
                                    const char         *member,
                                    gboolean            required,
                                    const SdStoreWhere *where,
                                    JsonArray         **out,
                                    GError            **error);
/* Element I of ARRAY, which must be an object. */
gboolean  sd_store_json_element    (JsonArray          *array,
                                    guint               i,
                                    const SdStoreWhere *where,
                                    JsonObject        **out,
                                    GError            **error);

/* Replaces every non-empty SECRETS[i] in ERROR's message by "…": the last guard that no
 * app secret, session key or token leaves in an error. */
void      sd_store_redact_error    (GError             *error,
                                    const char * const *secrets);

G_END_DECLS
