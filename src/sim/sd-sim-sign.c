/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "shopdesk-sim"

#include "sd-sim-sign.h"

#include <string.h>

static int
compare_names (gconstpointer a,
               gconstpointer b)
{
  return strcmp (*(const char * const *) a, *(const char * const *) b);
}

/* name1value1name2value2…, sorted by name in byte order (strcmp on UTF-8 is byte order). */
static char *
string_to_sign (GHashTable *params)
{
  g_autoptr(GPtrArray) names = g_ptr_array_new ();
  GString *s = g_string_new (NULL);
  GHashTableIter iter;
  gpointer key, value;

  g_hash_table_iter_init (&iter, params);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      if (*(const char *) key == '\0' || value == NULL || *(const char *) value == '\0')
        continue;
      if (strcmp (key, "sign") == 0)
        continue;
      g_ptr_array_add (names, key);
    }
  g_ptr_array_sort (names, compare_names);
  for (guint i = 0; i < names->len; i++)
    {
      const char *name = g_ptr_array_index (names, i);

      g_string_append (s, name);
      g_string_append (s, g_hash_table_lookup (params, name));
    }
  return g_string_free (s, FALSE);
}

char *
sd_sim_top_sign (GHashTable *params,
                 const char *secret,
                 const char *sign_method)
{
  g_autofree char *s = NULL;
  g_autofree char *hex = NULL;

  g_return_val_if_fail (params != NULL, NULL);
  g_return_val_if_fail (secret != NULL, NULL);

  if (sign_method == NULL || *sign_method == '\0')
    sign_method = "md5";    /* TOP's default */
  s = string_to_sign (params);
  if (strcmp (sign_method, "md5") == 0)
    {
      g_autofree char *wrapped = g_strconcat (secret, s, secret, NULL);

      hex = g_compute_checksum_for_string (G_CHECKSUM_MD5, wrapped, -1);
    }
  else if (strcmp (sign_method, "hmac") == 0)
    hex = g_compute_hmac_for_string (G_CHECKSUM_MD5, (const guchar *) secret, strlen (secret), s, -1);
  else if (strcmp (sign_method, "hmac-sha256") == 0)
    hex = g_compute_hmac_for_string (G_CHECKSUM_SHA256, (const guchar *) secret, strlen (secret), s,
                                     -1);
  else
    return NULL;
  return g_ascii_strup (hex, -1);
}
