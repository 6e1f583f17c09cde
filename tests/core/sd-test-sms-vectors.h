/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

/* The SMS counting vectors of PROTOCOLS.md §4, for the tests of the counter and of
 * `shopdesk-cli sms count`. Static, so each test program gets its own copy. */

#include <glib.h>

G_BEGIN_DECLS

typedef struct
{
  const char *prefix;     /* then REPEAT N times, then SUFFIX */
  const char *repeat;
  guint       n;
  const char *suffix;
  gboolean    domestic;
  const char *encoding;   /* as sd_sms_encoding_to_string () says it */
  guint       units;
  guint       parts;
} SmsVector;

static const SmsVector sms_vectors[] = {
  { "Hello world", "", 0, "", FALSE, "GSM-7", 11, 1 },
  { "", "a", 160, "", FALSE, "GSM-7", 160, 1 },
  { "", "a", 161, "", FALSE, "GSM-7", 161, 2 },
  { "", "a", 306, "", FALSE, "GSM-7", 306, 2 },
  { "", "a", 307, "", FALSE, "GSM-7", 307, 3 },
  { "", "€", 80, "", FALSE, "GSM-7", 160, 1 },
  { "", "€", 81, "", FALSE, "GSM-7", 162, 2 },
  { "Sale [50%] {today} ~ only|^\\", "", 0, "", FALSE, "GSM-7", 36, 1 },
  { "Café déjà vu", "", 0, "", FALSE, "GSM-7", 12, 1 },
  { "Ça va? ç", "", 0, "", FALSE, "UCS-2", 8, 1 },
  { "", "字", 70, "", FALSE, "UCS-2", 70, 1 },
  { "", "字", 71, "", FALSE, "UCS-2", 71, 2 },
  { "Hi 😀", "", 0, "", FALSE, "UCS-2", 5, 1 },
  { "", "😀", 35, "", FALSE, "UCS-2", 70, 1 },
  { "", "😀", 36, "", FALSE, "UCS-2", 72, 2 },
  { "", "x", 69, "😀", FALSE, "UCS-2", 71, 2 },
  /* The China domestic rule: 【signature】 + content, every character 1. */
  { "【阿里云】", "字", 65, "", TRUE, "domestic", 70, 1 },
  { "【阿里云】", "字", 66, "", TRUE, "domestic", 71, 2 },
  { "【阿里云】", "字", 155, "", TRUE, "domestic", 160, 3 },
};

/* S repeated N times. */
static inline char *
sms_repeat (const char *s,
            guint       n)
{
  GString *out = g_string_new (NULL);

  for (guint i = 0; i < n; i++)
    g_string_append (out, s);
  return g_string_free (out, FALSE);
}

static inline char *
sms_vector_text (const SmsVector *v)
{
  g_autofree char *middle = sms_repeat (v->repeat, v->n);

  return g_strconcat (v->prefix, middle, v->suffix, NULL);
}

G_END_DECLS
