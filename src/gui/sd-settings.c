/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "sd-settings"

#include "sd-settings.h"

#define APP_ID "io.github.shopdesk.ShopDesk"

struct _SdSettings
{
  GObject    parent_instance;
  GSettings *settings;
};

G_DEFINE_FINAL_TYPE (SdSettings, sd_settings, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_COLOR_SCHEME,
  PROP_IMPORT_SKIPS_BAD_ROWS,
  PROP_LAST_DATABASE,
  PROP_RELATIVE_DATES,
  PROP_FIRST_RESPONSE_TARGET,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static const struct
{
  const char *key;
  guint       prop;
} key_props[] = {
  { "color-scheme", PROP_COLOR_SCHEME },
  { "import-on-error", PROP_IMPORT_SKIPS_BAD_ROWS },
  { "last-database", PROP_LAST_DATABASE },
  { "relative-dates", PROP_RELATIVE_DATES },
  { "first-response-target", PROP_FIRST_RESPONSE_TARGET },
};

static void
changed_cb (SdSettings *self,
            const char *key)
{
  for (guint i = 0; i < G_N_ELEMENTS (key_props); i++)
    if (g_str_equal (key, key_props[i].key))
      g_object_notify_by_pspec (G_OBJECT (self), properties[key_props[i].prop]);
}

static void
sd_settings_finalize (GObject *object)
{
  SdSettings *self = SD_SETTINGS (object);

  g_clear_object (&self->settings);
  G_OBJECT_CLASS (sd_settings_parent_class)->finalize (object);
}

static void
sd_settings_get_property (GObject    *object,
                          guint       prop_id,
                          GValue     *value,
                          GParamSpec *pspec)
{
  SdSettings *self = SD_SETTINGS (object);

  switch (prop_id)
    {
    case PROP_COLOR_SCHEME:
      g_value_set_int (value, sd_settings_get_color_scheme (self));
      break;
    case PROP_IMPORT_SKIPS_BAD_ROWS:
      g_value_set_boolean (value, sd_settings_get_import_skips_bad_rows (self));
      break;
    case PROP_LAST_DATABASE:
      g_value_set_string (value, sd_settings_get_last_database (self));
      break;
    case PROP_RELATIVE_DATES:
      g_value_set_boolean (value, sd_settings_get_relative_dates (self));
      break;
    case PROP_FIRST_RESPONSE_TARGET:
      g_value_set_uint (value, sd_settings_get_first_response_target (self));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sd_settings_set_property (GObject      *object,
                          guint         prop_id,
                          const GValue *value,
                          GParamSpec   *pspec)
{
  SdSettings *self = SD_SETTINGS (object);

  switch (prop_id)
    {
    case PROP_COLOR_SCHEME:
      sd_settings_set_color_scheme (self, g_value_get_int (value));
      break;
    case PROP_IMPORT_SKIPS_BAD_ROWS:
      sd_settings_set_import_skips_bad_rows (self, g_value_get_boolean (value));
      break;
    case PROP_LAST_DATABASE:
      sd_settings_set_last_database (self, g_value_get_string (value));
      break;
    case PROP_RELATIVE_DATES:
      sd_settings_set_relative_dates (self, g_value_get_boolean (value));
      break;
    case PROP_FIRST_RESPONSE_TARGET:
      sd_settings_set_first_response_target (self, g_value_get_uint (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sd_settings_class_init (SdSettingsClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = sd_settings_finalize;
  object_class->get_property = sd_settings_get_property;
  object_class->set_property = sd_settings_set_property;

  properties[PROP_COLOR_SCHEME] =
    g_param_spec_int ("color-scheme", NULL, NULL,
                      SD_COLOR_SCHEME_DEFAULT, SD_COLOR_SCHEME_DARK, SD_COLOR_SCHEME_DEFAULT,
                      G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_IMPORT_SKIPS_BAD_ROWS] =
    g_param_spec_boolean ("import-skips-bad-rows", NULL, NULL, TRUE,
                          G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_LAST_DATABASE] =
    g_param_spec_string ("last-database", NULL, NULL, "",
                         G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_RELATIVE_DATES] =
    g_param_spec_boolean ("relative-dates", NULL, NULL, TRUE,
                          G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_FIRST_RESPONSE_TARGET] =
    g_param_spec_uint ("first-response-target", NULL, NULL,
                       SD_SETTINGS_MIN_RESPONSE_TARGET, SD_SETTINGS_MAX_RESPONSE_TARGET, 30,
                       G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
sd_settings_init (SdSettings *self)
{
  self->settings = g_settings_new (APP_ID);
  g_signal_connect_object (self->settings, "changed", G_CALLBACK (changed_cb), self,
                           G_CONNECT_SWAPPED);
}

SdSettings *
sd_settings_new (void)
{
  return g_object_new (SD_TYPE_SETTINGS, NULL);
}

int
sd_settings_get_window_width (SdSettings *self)
{
  g_return_val_if_fail (SD_IS_SETTINGS (self), 0);
  return g_settings_get_int (self->settings, "window-width");
}

int
sd_settings_get_window_height (SdSettings *self)
{
  g_return_val_if_fail (SD_IS_SETTINGS (self), 0);
  return g_settings_get_int (self->settings, "window-height");
}

gboolean
sd_settings_get_window_maximized (SdSettings *self)
{
  g_return_val_if_fail (SD_IS_SETTINGS (self), FALSE);
  return g_settings_get_boolean (self->settings, "window-maximized");
}

void
sd_settings_set_window_state (SdSettings *self,
                              int         width,
                              int         height,
                              gboolean    maximized)
{
  g_return_if_fail (SD_IS_SETTINGS (self));

  g_settings_delay (self->settings);
  if (!maximized && width > 0 && height > 0)
    {
      g_settings_set_int (self->settings, "window-width", width);
      g_settings_set_int (self->settings, "window-height", height);
    }
  g_settings_set_boolean (self->settings, "window-maximized", maximized);
  g_settings_apply (self->settings);
}

const char *
sd_settings_get_last_database (SdSettings *self)
{
  g_autofree char *path = NULL;

  g_return_val_if_fail (SD_IS_SETTINGS (self), NULL);

  /* Interned: the caller reads it like a property, without owning it. */
  path = g_settings_get_string (self->settings, "last-database");
  return g_intern_string (path);
}

void
sd_settings_set_last_database (SdSettings *self,
                               const char *path)
{
  g_return_if_fail (SD_IS_SETTINGS (self));
  if (g_strcmp0 (path ? path : "", sd_settings_get_last_database (self)) == 0)
    return;
  g_settings_set_string (self->settings, "last-database", path ? path : "");
}

SdColorScheme
sd_settings_get_color_scheme (SdSettings *self)
{
  g_return_val_if_fail (SD_IS_SETTINGS (self), SD_COLOR_SCHEME_DEFAULT);
  return (SdColorScheme) g_settings_get_enum (self->settings, "color-scheme");
}

void
sd_settings_set_color_scheme (SdSettings    *self,
                              SdColorScheme  scheme)
{
  g_return_if_fail (SD_IS_SETTINGS (self));
  if (scheme == sd_settings_get_color_scheme (self))
    return;
  g_settings_set_enum (self->settings, "color-scheme", scheme);
}

gboolean
sd_settings_get_import_skips_bad_rows (SdSettings *self)
{
  g_return_val_if_fail (SD_IS_SETTINGS (self), TRUE);
  return g_settings_get_enum (self->settings, "import-on-error") == 0;
}

void
sd_settings_set_import_skips_bad_rows (SdSettings *self,
                                       gboolean    skip)
{
  g_return_if_fail (SD_IS_SETTINGS (self));
  if (!skip == !sd_settings_get_import_skips_bad_rows (self))
    return;
  g_settings_set_enum (self->settings, "import-on-error", skip ? 0 : 1);
}

gboolean
sd_settings_get_relative_dates (SdSettings *self)
{
  g_return_val_if_fail (SD_IS_SETTINGS (self), TRUE);
  return g_settings_get_boolean (self->settings, "relative-dates");
}

void
sd_settings_set_relative_dates (SdSettings *self,
                                gboolean    relative)
{
  g_return_if_fail (SD_IS_SETTINGS (self));
  if (!relative == !sd_settings_get_relative_dates (self))
    return;
  g_settings_set_boolean (self->settings, "relative-dates", relative);
}

guint
sd_settings_get_search_delay (SdSettings *self)
{
  g_return_val_if_fail (SD_IS_SETTINGS (self), 150);
  return g_settings_get_uint (self->settings, "search-delay");
}

guint
sd_settings_get_first_response_target (SdSettings *self)
{
  g_return_val_if_fail (SD_IS_SETTINGS (self), 30);
  return g_settings_get_uint (self->settings, "first-response-target");
}

void
sd_settings_set_first_response_target (SdSettings *self,
                                       guint       seconds)
{
  g_return_if_fail (SD_IS_SETTINGS (self));
  seconds = CLAMP (seconds, SD_SETTINGS_MIN_RESPONSE_TARGET, SD_SETTINGS_MAX_RESPONSE_TARGET);
  if (seconds == sd_settings_get_first_response_target (self))
    return;
  g_settings_set_uint (self->settings, "first-response-target", seconds);
}

/* Shops opened on this computer are few: a small dictionary keyed by path is enough. */
#define MAX_REMEMBERED_SHOPS 50

static char *
lookup_by_path (SdSettings *self,
                const char *key,
                const char *db_path)
{
  g_autoptr(GVariant) dict = g_settings_get_value (self->settings, key);
  const char *value = NULL;

  if (db_path == NULL || !g_variant_lookup (dict, db_path, "&s", &value) || *value == '\0')
    return NULL;
  return g_strdup (value);
}

static void
store_by_path (SdSettings *self,
               const char *key,
               const char *db_path,
               const char *value)
{
  g_autoptr(GVariant) old = g_settings_get_value (self->settings, key);
  g_autofree char *current = lookup_by_path (self, key, db_path);
  GVariantBuilder builder;
  GVariantIter iter;
  const char *k, *v;
  guint kept = 0;

  if (g_strcmp0 (current, value && *value ? value : NULL) == 0)
    return;
  g_variant_builder_init (&builder, G_VARIANT_TYPE ("a{ss}"));
  if (value != NULL && *value != '\0')
    {
      g_variant_builder_add (&builder, "{ss}", db_path, value);
      kept++;
    }
  g_variant_iter_init (&iter, old);
  while (g_variant_iter_next (&iter, "{&s&s}", &k, &v))
    if (!g_str_equal (k, db_path) && kept++ < MAX_REMEMBERED_SHOPS)
      g_variant_builder_add (&builder, "{ss}", k, v);
  g_settings_set_value (self->settings, key, g_variant_builder_end (&builder));
}

char *
sd_settings_dup_last_user (SdSettings *self,
                           const char *db_path)
{
  g_return_val_if_fail (SD_IS_SETTINGS (self), NULL);
  return lookup_by_path (self, "last-users", db_path);
}

void
sd_settings_set_last_user (SdSettings *self,
                           const char *db_path,
                           const char *login)
{
  g_return_if_fail (SD_IS_SETTINGS (self));
  g_return_if_fail (db_path != NULL);
  store_by_path (self, "last-users", db_path, login);
}

char *
sd_settings_dup_shop_name (SdSettings *self,
                           const char *db_path)
{
  g_return_val_if_fail (SD_IS_SETTINGS (self), NULL);
  return lookup_by_path (self, "shop-names", db_path);
}

void
sd_settings_set_shop_name (SdSettings *self,
                           const char *db_path,
                           const char *name)
{
  g_return_if_fail (SD_IS_SETTINGS (self));
  g_return_if_fail (db_path != NULL);
  store_by_path (self, "shop-names", db_path, name);
}
