/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "sd-store-connect"

#include <string.h>

#include <libsoup/soup.h>

#include "sd-i18n.h"

#include "sd-error.h"
#include "sd-store-connect-private.h"

static const char * const sign_method_names[] = {
  [SD_TOP_SIGN_MD5] = "md5",
  [SD_TOP_SIGN_HMAC] = "hmac",
  [SD_TOP_SIGN_HMAC_SHA256] = "hmac-sha256",
};

const char *
sd_top_sign_method_to_string (SdTopSignMethod method)
{
  g_return_val_if_fail ((guint) method < G_N_ELEMENTS (sign_method_names), NULL);

  return sign_method_names[method];
}

gboolean
sd_top_sign_method_from_string (const char      *text,
                                SdTopSignMethod *out_method)
{
  g_return_val_if_fail (out_method != NULL, FALSE);

  for (guint i = 0; text != NULL && i < G_N_ELEMENTS (sign_method_names); i++)
    if (g_ascii_strcasecmp (text, sign_method_names[i]) == 0)
      {
        *out_method = (SdTopSignMethod) i;
        return TRUE;
      }
  return FALSE;
}

static gboolean
has_control_chars (const char *text)
{
  for (const char *p = text; *p; p++)
    if ((guchar) *p < 0x20 || *p == 0x7f)
      return TRUE;
  return FALSE;
}

/* A credential or setting that must be there: present, and something a header or a
 * form may carry. WHAT names it for the owner; its value is never quoted. */
static gboolean
check_text (const char  *value,
            const char  *what,
            GError     **error)
{
  if (value == NULL || *value == '\0')
    {
      g_set_error (error, SD_ERROR, SD_ERROR_INVALID_INPUT,
                   _("The store connection needs the %s."), what);
      return FALSE;
    }
  if (has_control_chars (value) || !g_utf8_validate (value, -1, NULL))
    {
      g_set_error (error, SD_ERROR, SD_ERROR_INVALID_INPUT,
                   _("The %s holds characters that cannot be right: type or paste it again."), what);
      return FALSE;
    }
  return TRUE;
}

static gboolean
check_url (const char  *url,
           GError     **error)
{
  g_autoptr(GUri) uri = NULL;
  const char *scheme;

  if (!check_text (url, _("store’s address (URL)"), error))
    return FALSE;
  uri = g_uri_parse (url, SOUP_HTTP_URI_FLAGS, NULL);
  scheme = uri != NULL ? g_uri_get_scheme (uri) : NULL;
  if (uri == NULL || (g_strcmp0 (scheme, "http") != 0 && g_strcmp0 (scheme, "https") != 0) ||
      g_uri_get_host (uri) == NULL || *g_uri_get_host (uri) == '\0')
    {
      g_set_error_literal (error, SD_ERROR, SD_ERROR_INVALID_INPUT,
                           _("The store’s address is not a web address (http:// or https://)."));
      return FALSE;
    }
  return TRUE;
}

static gboolean
check_api_version (const char  *version,
                   GError     **error)
{
  if (version == NULL)
    return TRUE;
  for (const char *p = version; *p; p++)
    if (!g_ascii_isalnum (*p) && *p != '-')
      version = "";
  if (*version == '\0')
    {
      g_set_error_literal (error, SD_ERROR, SD_ERROR_INVALID_INPUT,
                           _("The Shopify API version is not one (e.g. 2024-01)."));
      return FALSE;
    }
  return TRUE;
}

SdStoreConnection *
sd_store_connection_new (const char          *platform,
                         const SdStoreConfig *config,
                         GError             **error)
{
  g_return_val_if_fail (config != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (g_strcmp0 (platform, "taobao") == 0)
    {
      if (!check_url (config->url, error) ||
          !check_text (config->app_key, _("app key"), error) ||
          !check_text (config->app_secret, _("app secret"), error) ||
          !check_text (config->session_key, _("session key"), error))
        return NULL;
      if ((guint) config->sign_method >= G_N_ELEMENTS (sign_method_names))
        {
          g_set_error_literal (error, SD_ERROR, SD_ERROR_INVALID_INPUT,
                               _("The sign method is not one Taobao knows (md5, hmac, hmac-sha256)."));
          return NULL;
        }
      return _sd_taobao_connection_new (config);
    }
  if (g_strcmp0 (platform, "shopify") == 0)
    {
      if (!check_url (config->url, error) ||
          !check_text (config->access_token, _("access token"), error) ||
          !check_api_version (config->api_version, error))
        return NULL;
      return _sd_shopify_connection_new (config);
    }
  g_set_error (error, SD_ERROR, SD_ERROR_INVALID_INPUT,
               _("“%s” is not a store ShopDesk connects to (taobao, shopify)."),
               platform ? platform : "");
  return NULL;
}
