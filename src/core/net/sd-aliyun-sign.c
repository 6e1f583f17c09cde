/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "sd-aliyun-sign"

#include <string.h>

#include "sd-aliyun-sign-private.h"

char *
sd_aliyun_percent_encode (const char *text)
{
  static const char hex[] = "0123456789ABCDEF";
  GString *out;

  g_return_val_if_fail (text != NULL, NULL);

  out = g_string_sized_new (strlen (text) * 3 / 2 + 1);
  for (const guchar *p = (const guchar *) text; *p; p++)
    {
      if (g_ascii_isalnum (*p) || *p == '-' || *p == '_' || *p == '.' || *p == '~')
        {
          g_string_append_c (out, (char) *p);
          continue;
        }
      g_string_append_c (out, '%');
      g_string_append_c (out, hex[*p >> 4]);
      g_string_append_c (out, hex[*p & 0xf]);
    }
  return g_string_free (out, FALSE);
}

static int
compare_names (gconstpointer a,
               gconstpointer b)
{
  /* Byte order: the names are ASCII, and strcmp compares unsigned bytes. */
  return strcmp (*(const char * const *) a, *(const char * const *) b);
}

char *
sd_aliyun_canonical_query (GHashTable *params)
{
  g_autoptr(GPtrArray) names = g_ptr_array_new ();
  GHashTableIter iter;
  gpointer key;
  GString *query = g_string_sized_new (512);

  g_return_val_if_fail (params != NULL, NULL);

  g_hash_table_iter_init (&iter, params);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    if (strcmp (key, "Signature") != 0)
      g_ptr_array_add (names, key);
  g_ptr_array_sort (names, compare_names);

  for (guint i = 0; i < names->len; i++)
    {
      const char *name = g_ptr_array_index (names, i);
      const char *value = g_hash_table_lookup (params, name);
      g_autofree char *pe_name = sd_aliyun_percent_encode (name);
      g_autofree char *pe_value = sd_aliyun_percent_encode (value != NULL ? value : "");

      if (i > 0)
        g_string_append_c (query, '&');
      g_string_append_printf (query, "%s=%s", pe_name, pe_value);
    }
  return g_string_free (query, FALSE);
}

char *
sd_aliyun_string_to_sign (const char *method,
                          GHashTable *params)
{
  g_autofree char *canonical = NULL;
  g_autofree char *encoded = NULL;

  g_return_val_if_fail (method != NULL, NULL);

  canonical = sd_aliyun_canonical_query (params);
  encoded = sd_aliyun_percent_encode (canonical);
  return g_strconcat (method, "&%2F&", encoded, NULL);
}

char *
sd_aliyun_sign (const char *method,
                GHashTable *params,
                const char *secret)
{
  g_autofree char *to_sign = NULL;
  g_autofree char *key = NULL;
  g_autoptr(GHmac) hmac = NULL;
  guint8 digest[20];
  gsize len = sizeof digest;

  g_return_val_if_fail (secret != NULL, NULL);

  to_sign = sd_aliyun_string_to_sign (method, params);
  key = g_strconcat (secret, "&", NULL);
  hmac = g_hmac_new (G_CHECKSUM_SHA1, (const guchar *) key, strlen (key));
  g_hmac_update (hmac, (const guchar *) to_sign, -1);
  g_hmac_get_digest (hmac, digest, &len);
  /* The key is the secret: leave no copy of it in freed memory. */
  memset (key, 0, strlen (key));
  return g_base64_encode (digest, len);
}
