/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "sd-session"

#include "sd-session.h"
#include "sd-store-private.h"

struct _SdSession
{
  GObject  parent_instance;
  SdDb    *db;
  gint64   staff_id;
  char    *staff_name;
  gboolean is_owner;
};

G_DEFINE_FINAL_TYPE (SdSession, sd_session, G_TYPE_OBJECT)

static void
sd_session_finalize (GObject *object)
{
  SdSession *self = SD_SESSION (object);

  g_clear_pointer (&self->db, sd_db_unref);
  g_clear_pointer (&self->staff_name, g_free);

  G_OBJECT_CLASS (sd_session_parent_class)->finalize (object);
}

static void
sd_session_class_init (SdSessionClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = sd_session_finalize;
}

static void
sd_session_init (SdSession *self)
{
}

SdSession *
sd_session_new_owner (SdDb    *db,
                      GError **error)
{
  g_autoptr(SdSession) self = NULL;
  g_autofree char *name = NULL;
  gint64 id;

  g_return_val_if_fail (db != NULL, NULL);

  id = _sd_store_ensure_owner (db, &name, error);
  if (id == 0)
    return NULL;

  self = g_object_new (SD_TYPE_SESSION, NULL);
  self->db = sd_db_ref (db);
  self->staff_id = id;
  self->staff_name = g_steal_pointer (&name);
  self->is_owner = TRUE;
  return g_steal_pointer (&self);
}

SdDb *
sd_session_get_db (SdSession *self)
{
  g_return_val_if_fail (SD_IS_SESSION (self), NULL);
  return self->db;
}

gint64
sd_session_get_staff_id (SdSession *self)
{
  g_return_val_if_fail (SD_IS_SESSION (self), 0);
  return self->staff_id;
}

const char *
sd_session_get_staff_name (SdSession *self)
{
  g_return_val_if_fail (SD_IS_SESSION (self), NULL);
  return self->staff_name;
}

gboolean
sd_session_is_owner (SdSession *self)
{
  g_return_val_if_fail (SD_IS_SESSION (self), FALSE);
  return self->is_owner;
}
