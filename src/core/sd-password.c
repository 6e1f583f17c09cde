/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "sd-password"

#include "sd-i18n.h"

#include <sodium.h>

#include "sd-error.h"
#include "sd-password.h"
#include "sd-session.h"

/* Argon2id at 19 MiB and 2 passes, the first of OWASP's equivalent settings for it, rather
 * than libsodium's "interactive" 64 MiB: a login then takes a fifth of the time and the
 * memory (the window's peak memory and every CLI command pay it), and the lockout after
 * five wrong passwords bounds the guessing anyway. Hashes made with other limits still
 * verify; a login upgrades them (sd_password_needs_rehash). */
#define SD_PASSWORD_OPSLIMIT 2
#define SD_PASSWORD_MEMLIMIT (19 * 1024 * 1024)

static gboolean
ensure_sodium (GError **error)
{
  static gsize ready = 0;
  static int result;

  if (g_once_init_enter (&ready))
    {
      result = sodium_init ();
      g_once_init_leave (&ready, 1);
    }
  if (result < 0)
    {
      g_set_error_literal (error, SD_ERROR, SD_ERROR_IO,
                           _("The password library could not start; the system may be short of random numbers."));
      return FALSE;
    }
  return TRUE;
}

gboolean
sd_password_check_new (const char  *password,
                       GError     **error)
{
  if (password == NULL || g_utf8_strlen (password, -1) < SD_PASSWORD_MIN_LENGTH)
    {
      g_set_error (error, SD_ERROR, SD_ERROR_INVALID_INPUT,
                   g_dngettext (GETTEXT_PACKAGE,
                                "A password needs at least %d character.",
                                "A password needs at least %d characters.",
                                SD_PASSWORD_MIN_LENGTH),
                   SD_PASSWORD_MIN_LENGTH);
      return FALSE;
    }
  if (!g_utf8_validate (password, -1, NULL))
    {
      g_set_error_literal (error, SD_ERROR, SD_ERROR_INVALID_INPUT,
                           _("The password is not valid text."));
      return FALSE;
    }
  return TRUE;
}

char *
sd_password_hash (const char  *password,
                  GError     **error)
{
  char out[crypto_pwhash_STRBYTES];

  if (!ensure_sodium (error))
    return NULL;
  if (crypto_pwhash_str_alg (out, password, strlen (password),
                             SD_PASSWORD_OPSLIMIT, SD_PASSWORD_MEMLIMIT,
                             crypto_pwhash_ALG_ARGON2ID13) != 0)
    {
      g_set_error_literal (error, SD_ERROR, SD_ERROR_IO,
                           _("Not enough memory to protect the password (Argon2id needs 19 MiB)."));
      return NULL;
    }
  return g_strdup (out);
}

gboolean
sd_password_verify (const char *hash,
                    const char *password)
{
  if (hash == NULL || *hash == '\0' || password == NULL || !ensure_sodium (NULL))
    return FALSE;
  return crypto_pwhash_str_verify (hash, password, strlen (password)) == 0;
}

gboolean
sd_password_needs_rehash (const char *hash)
{
  if (hash == NULL || *hash == '\0' || !ensure_sodium (NULL))
    return FALSE;
  return crypto_pwhash_str_needs_rehash (hash, SD_PASSWORD_OPSLIMIT, SD_PASSWORD_MEMLIMIT) == 1;
}
