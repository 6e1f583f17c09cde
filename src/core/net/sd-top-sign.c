/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "sd-top-sign"

#include <string.h>

#include "sd-store-connect.h"

static int
compare_names (gconstpointer a,
               gconstpointer b)
{
  /* Byte order, as TOP sorts: strcmp compares unsigned bytes. */
  return strcmp (*(const char * const *) a, *(const char * const *) b);
}

/* name1value1name2value2…, names sorted, "sign" and empty names or values left out. */
static GString *
string_to_sign (GHashTable *params)
{
  g_autoptr(GPtrArray) names = g_ptr_array_new ();
  GHashTableIter iter;
  gpointer key, value;
  GString *s = g_string_sized_new (256);

  g_hash_table_iter_init (&iter, params);
  while (g_hash_table_iter_next (&iter, &key, &value))
    if (key != NULL && value != NULL && *(const char *) key != '\0' &&
        *(const char *) value != '\0' && strcmp (key, "sign") != 0)
      g_ptr_array_add (names, key);
  g_ptr_array_sort (names, compare_names);

  for (guint i = 0; i < names->len; i++)
    {
      const char *name = g_ptr_array_index (names, i);

      g_string_append (s, name);
      g_string_append (s, g_hash_table_lookup (params, name));
    }
  return s;
}

char *
sd_top_sign (GHashTable      *params,
             const char      *secret,
             SdTopSignMethod  method)
{
  g_autoptr(GString) s = NULL;
  char *hex = NULL;

  g_return_val_if_fail (params != NULL, NULL);
  g_return_val_if_fail (secret != NULL, NULL);

  s = string_to_sign (params);
  switch (method)
    {
    case SD_TOP_SIGN_MD5:
      {
        g_autoptr(GChecksum) md5 = g_checksum_new (G_CHECKSUM_MD5);

        g_checksum_update (md5, (const guchar *) secret, strlen (secret));
        g_checksum_update (md5, (const guchar *) s->str, s->len);
        g_checksum_update (md5, (const guchar *) secret, strlen (secret));
        hex = g_strdup (g_checksum_get_string (md5));
        break;
      }
    case SD_TOP_SIGN_HMAC:
    case SD_TOP_SIGN_HMAC_SHA256:
      {
        GChecksumType type = method == SD_TOP_SIGN_HMAC ? G_CHECKSUM_MD5 : G_CHECKSUM_SHA256;
        g_autoptr(GHmac) hmac = g_hmac_new (type, (const guchar *) secret, strlen (secret));

        g_hmac_update (hmac, (const guchar *) s->str, s->len);
        hex = g_strdup (g_hmac_get_string (hmac));
        break;
      }
    default:
      g_return_val_if_reached (NULL);
    }

  /* The string signed holds the session key: leave no copy of it in freed memory. */
  memset (s->str, 0, s->len);
  for (char *p = hex; *p; p++)
    *p = g_ascii_toupper (*p);
  return hex;
}
