/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "sd-customers"

#include "sd-i18n.h"

#include "sd-address.h"
#include "sd-audit-private.h"
#include "sd-customer-private.h"
#include "sd-customers.h"
#include "sd-tiers-private.h"
#include "sd-error.h"
#include "sd-session-private.h"
#include "sd-store-private.h"
#include "sd-outbox-store-private.h"
#include "sd-values.h"

#define NICK_MAX_CHARS 64
#define TAG_MAX_CHARS 32
#define NOTE_MAX_CHARS 2000

static gint64
now_utc (void)
{
  return g_get_real_time () / G_USEC_PER_SEC;
}

/* Runs one change as one transaction, when the account holds PERMISSION: nothing of it
 * stays if any part fails. */
typedef gboolean (*ChangeFunc) (SdSession *session, gpointer data, GError **error);

static gboolean
in_transaction (SdSession    *session,
                SdPermission  permission,
                ChangeFunc    func,
                gpointer      data,
                GError      **error)
{
  SdDb *db = sd_session_get_db (session);

  if (!sd_session_require (session, permission, error) ||
      !sd_db_begin (db, error))
    return FALSE;
  if (!func (session, data, error))
    {
      sd_db_rollback (db);
      return FALSE;
    }
  return sd_db_commit (db, error);
}

static char *
trimmed (const char *text)
{
  return g_strstrip (g_strdup (text ? text : ""));
}

static gboolean
invalid (const char **out_field,
         const char  *field,
         GError     **error,
         const char  *message)
{
  if (out_field)
    *out_field = field;
  g_set_error_literal (error, SD_ERROR, SD_ERROR_INVALID_INPUT, message);
  return FALSE;
}

static gboolean
sees_contact (SdSession *session)
{
  return sd_session_can (session, SD_PERMISSION_SEE_CONTACT);
}

static void
mask_all (SdSession *session,
          GPtrArray *customers)
{
  if (customers == NULL || sees_contact (session))
    return;
  for (guint i = 0; i < customers->len; i++)
    _sd_customer_mask_contact (g_ptr_array_index (customers, i));
}


gboolean
sd_customers_validate (SdCustomer  *customer,
                       const char **out_field,
                       GError     **error)
{
  g_autofree char *phone = NULL;
  g_autofree char *birthday = NULL;
  g_autofree char *message = NULL;
  char **texts[] = { &customer->platform, &customer->nick, &customer->name, &customer->email,
                     &customer->province, &customer->city, &customer->district, &customer->address };

  g_return_val_if_fail (customer != NULL, FALSE);

  for (guint i = 0; i < G_N_ELEMENTS (texts); i++)
    {
      char *t = trimmed (*texts[i]);
      g_free (*texts[i]);
      *texts[i] = t;
    }

  if (*customer->platform == '\0')
    sd_customer_set_text (&customer->platform, "taobao");
  if (g_utf8_strlen (customer->nick, -1) > NICK_MAX_CHARS)
    return invalid (out_field, "nick", error, _("The nick is longer than 64 characters."));

  customer->phone_state = sd_phone_normalize (customer->phone, &phone);
  g_free (customer->phone);
  customer->phone = g_steal_pointer (&phone);
  if (*customer->nick == '\0' && *customer->name == '\0' && customer->phone_state == SD_PHONE_NONE)
    return invalid (out_field, "nick", error, _("A customer needs at least a nick, a name or a mobile number."));

  if (*customer->email != '\0' && !sd_email_is_valid (customer->email))
    return invalid (out_field, "email", error, _("This is not an email address (expected e.g. name@example.com)."));

  if (!sd_parse_date (customer->birthday, &birthday, &message))
    {
      if (out_field)
        *out_field = "birthday";
      g_set_error (error, SD_ERROR, SD_ERROR_INVALID_INPUT, _("The birthday is wrong: %s."), message);
      return FALSE;
    }
  g_free (customer->birthday);
  customer->birthday = g_steal_pointer (&birthday);

  if (*customer->province != '\0' && sd_address_canonical_province (customer->province) != NULL)
    sd_customer_set_text (&customer->province, sd_address_canonical_province (customer->province));

  for (guint i = 0; customer->tags && i < customer->tags->len; i++)
    {
      char *tag = g_strstrip (g_ptr_array_index (customer->tags, i));
      if (*tag == '\0' || g_utf8_strlen (tag, -1) > TAG_MAX_CHARS || strpbrk (tag, ";,") != NULL)
        return invalid (out_field, "tags", error,
                        _("A tag has 1 to 32 characters and no “;” or “,”."));
    }

  if (customer->gender > SD_GENDER_FEMALE)
    return invalid (out_field, "gender", error, _("The gender is not one ShopDesk knows."));
  return TRUE;
}

SdCustomer *
sd_customers_get (SdSession *session,
                  gint64     id,
                  GError   **error)
{
  SdCustomer *customer;

  g_return_val_if_fail (SD_IS_SESSION (session), NULL);

  if (!sd_session_require (session, SD_PERMISSION_VIEW_CUSTOMERS, error))
    return NULL;
  customer = _sd_store_load_customer (sd_session_get_db (session), id, TRUE, error);
  if (customer != NULL && !sees_contact (session))
    _sd_customer_mask_contact (customer);
  return customer;
}

GPtrArray *
sd_customers_get_orders (SdSession *session,
                         gint64     customer_id,
                         GError   **error)
{
  g_return_val_if_fail (SD_IS_SESSION (session), NULL);

  if (!sd_session_require (session, SD_PERMISSION_VIEW_CUSTOMERS, error))
    return NULL;
  return _sd_store_list_orders (sd_session_get_db (session), customer_id, error);
}

static gboolean
save_change (SdSession *session,
             gpointer   data,
             GError   **error)
{
  SdCustomer *customer = data;
  SdDb *db = sd_session_get_db (session);

  customer->updated_at = now_utc ();
  if (customer->id == 0)
    {
      if (customer->created_at == 0)
        customer->created_at = customer->updated_at;
      return _sd_store_insert_customer (db, customer, error);
    }
  /* What the record says is what the customer has, tags included. */
  return _sd_store_update_customer (db, customer, error) &&
         _sd_store_set_tags (db, customer->id, customer->tags, error);
}

/* A record read masked comes back with the mask in it: the stored phone and address stay.
 * Typing a new one needs the permission to see them. */
static gboolean
keep_hidden_contact (SdSession   *session,
                     SdCustomer  *customer,
                     const char **out_field,
                     GError     **error)
{
  g_autoptr(SdCustomer) stored = NULL;
  g_autoptr(SdCustomer) masked = NULL;

  if (customer->id == 0 || sees_contact (session))
    return TRUE;
  stored = _sd_store_load_customer (sd_session_get_db (session), customer->id, FALSE, error);
  if (stored == NULL)
    return FALSE;
  masked = sd_customer_copy (stored);
  masked->contact_masked = FALSE;
  _sd_customer_mask_contact (masked);
  if ((g_strcmp0 (customer->phone, masked->phone) != 0 && g_strcmp0 (customer->phone, stored->phone) != 0) ||
      (g_strcmp0 (customer->address, masked->address) != 0 && g_strcmp0 (customer->address, stored->address) != 0))
    {
      if (out_field)
        *out_field = g_strcmp0 (customer->phone, masked->phone) != 0 ? "phone" : "address";
      return _sd_session_refuse (session, SD_PERMISSION_SEE_CONTACT, "change a hidden phone or address", error);
    }
  sd_customer_set_text (&customer->phone, stored->phone);
  customer->phone_state = stored->phone_state;
  sd_customer_set_text (&customer->address, stored->address);
  customer->contact_masked = FALSE;
  return TRUE;
}

gboolean
sd_customers_save (SdSession   *session,
                   SdCustomer  *customer,
                   const char **out_field,
                   GError     **error)
{
  g_autoptr(GError) local = NULL;

  g_return_val_if_fail (SD_IS_SESSION (session), FALSE);

  if (!sd_session_require (session, SD_PERMISSION_EDIT_CUSTOMERS, error) ||
      !keep_hidden_contact (session, customer, out_field, error) ||
      !sd_customers_validate (customer, out_field, error))
    return FALSE;
  if (!in_transaction (session, SD_PERMISSION_EDIT_CUSTOMERS, save_change, customer, &local))
    {
      if (out_field && g_error_matches (local, SD_ERROR, SD_ERROR_CONFLICT))
        *out_field = "nick";
      g_propagate_error (error, g_steal_pointer (&local));
      return FALSE;
    }
  return TRUE;
}

static gboolean
same_tags (const SdCustomer *a,
           const SdCustomer *b)
{
  guint na = a->tags ? a->tags->len : 0, nb = b->tags ? b->tags->len : 0;
  g_autoptr(GHashTable) seen = NULL;

  if (na != nb)
    return FALSE;
  seen = g_hash_table_new (g_str_hash, g_str_equal);
  for (guint i = 0; i < na; i++)
    g_hash_table_add (seen, g_ptr_array_index (a->tags, i));
  for (guint i = 0; i < nb; i++)
    if (!g_hash_table_contains (seen, g_ptr_array_index (b->tags, i)))
      return FALSE;
  return TRUE;
}

typedef struct
{
  const SdCustomer *base;
  SdCustomer       *mine;
  SdCustomer       *theirs;      /* the stored record, when someone else saved since BASE */
  GPtrArray        *conflicts;   /* char *: fields both changed, to different values */
} EditSave;

/* One field of a three-way combine: what the user changed is kept unless someone else
 * changed it too (even to the same value: a program counting in a field must not lose a
 * step); what the user left comes from the stored record. */
static void
combine_text (EditSave    *save,
              SdCustomer  *stored,
              guint        i,
              gboolean     checked)
{
  const char *base = *_sd_customer_text_field ((SdCustomer *) save->base, i);
  const char *mine = *_sd_customer_text_field (save->mine, i);
  const char *theirs = *_sd_customer_text_field (stored, i);

  if (g_strcmp0 (mine, base) == 0)
    return;
  if (checked && g_strcmp0 (theirs, base) != 0)
    g_ptr_array_add (save->conflicts, (char *) _sd_customer_text_field_name (i));
  sd_customer_set_text (_sd_customer_text_field (stored, i), mine);
  if (g_str_equal (_sd_customer_text_field_name (i), "phone"))
    stored->phone_state = save->mine->phone_state;
}

static gboolean
save_edit_change (SdSession *session,
                  gpointer   data,
                  GError   **error)
{
  EditSave *save = data;
  SdDb *db = sd_session_get_db (session);
  g_autoptr(SdCustomer) stored = NULL;
  gboolean checked;

  if (!_sd_store_lock_customer (db, save->mine->id, error))
    return FALSE;
  stored = _sd_store_load_customer (db, save->mine->id, FALSE, error);
  if (stored == NULL)
    return FALSE;
  checked = stored->row_version != save->base->row_version;
  if (checked)
    save->theirs = sd_customer_copy (stored);
  for (guint i = 0; i < _sd_customer_n_text_fields (); i++)
    {
      const char *name = _sd_customer_text_field_name (i);

      /* A hidden phone or address cannot be edited: the stored one stays. */
      if (save->base->contact_masked && (g_str_equal (name, "phone") || g_str_equal (name, "address")))
        continue;
      combine_text (save, stored, i, checked);
    }
  if (save->mine->gender != save->base->gender)
    {
      if (checked && stored->gender != save->base->gender)
        g_ptr_array_add (save->conflicts, (char *) "gender");
      stored->gender = save->mine->gender;
    }
  if (!same_tags (save->mine, save->base))
    {
      if (checked && !same_tags (stored, save->base))
        g_ptr_array_add (save->conflicts, (char *) "tags");
      g_ptr_array_unref (stored->tags);
      stored->tags = g_ptr_array_ref (save->mine->tags);
    }
  if (save->conflicts->len > 0)
    {
      g_set_error (error, SD_ERROR, SD_ERROR_STALE,
                   _("Someone else changed this customer after you opened it, in the same fields as you; nothing was saved."));
      return FALSE;
    }
  if (!save_change (session, stored, error))
    return FALSE;
  sd_customer_set_text (&save->mine->phone, stored->phone);
  save->mine->row_version = stored->row_version;
  return TRUE;
}

gboolean
sd_customers_save_edit (SdSession         *session,
                        const SdCustomer  *base,
                        SdCustomer        *mine,
                        SdCustomer       **out_theirs,
                        GStrv             *out_conflicts,
                        const char       **out_field,
                        GError           **error)
{
  g_autoptr(GPtrArray) conflicts = g_ptr_array_new ();
  g_autoptr(SdCustomer) theirs = NULL;
  g_autoptr(GError) local = NULL;
  EditSave save = { base, mine, NULL, conflicts };
  gboolean saved;

  g_return_val_if_fail (SD_IS_SESSION (session), FALSE);
  g_return_val_if_fail (base != NULL && mine != NULL && base->id == mine->id && base->id > 0, FALSE);

  if (!sd_session_require (session, SD_PERMISSION_EDIT_CUSTOMERS, error) ||
      !keep_hidden_contact (session, mine, out_field, error) ||
      !sd_customers_validate (mine, out_field, error))
    return FALSE;
  saved = in_transaction (session, SD_PERMISSION_EDIT_CUSTOMERS, save_edit_change, &save, &local);
  theirs = save.theirs;
  if (theirs != NULL && !sees_contact (session))
    _sd_customer_mask_contact (theirs);
  if (out_theirs)
    *out_theirs = g_steal_pointer (&theirs);
  if (out_conflicts)
    {
      g_ptr_array_add (conflicts, NULL);
      *out_conflicts = g_strdupv ((char **) conflicts->pdata);
    }
  if (!saved)
    {
      if (out_field && g_error_matches (local, SD_ERROR, SD_ERROR_CONFLICT))
        *out_field = "nick";
      g_propagate_error (error, g_steal_pointer (&local));
    }
  return saved;
}

typedef struct
{
  gint64      customer_id;
  const char *text;
  gint64      note_id;
  gboolean    flag;
} Edit;

static gboolean
note_change (SdSession *session,
             gpointer   data,
             GError   **error)
{
  SdNote *note = data;
  SdDb *db = sd_session_get_db (session);

  if (!_sd_store_customer_exists (db, note->customer_id, error))
    return FALSE;
  return _sd_store_add_note (db, note->customer_id, note->author_id, note->author_name, note->body,
                             note->created_at, &note->id, error);
}

/* A new note and one brought back by an undo: the same limits, the same write. */
static gboolean
write_note (SdSession  *session,
            SdNote     *note,
            gint64     *out_note_id,
            GError    **error)
{
  if (note->body == NULL || *note->body == '\0')
    return invalid (NULL, "note", error, _("The note is empty."));
  if (g_utf8_strlen (note->body, -1) > NOTE_MAX_CHARS)
    return invalid (NULL, "note", error, _("The note is longer than 2,000 characters."));
  if (!in_transaction (session, SD_PERMISSION_EDIT_CUSTOMERS, note_change, note, error))
    return FALSE;
  if (out_note_id)
    *out_note_id = note->id;
  return TRUE;
}

gboolean
sd_customers_add_note (SdSession  *session,
                       gint64      customer_id,
                       const char *text,
                       gint64     *out_note_id,
                       GError    **error)
{
  g_autoptr(SdNote) note = sd_note_new ();

  g_return_val_if_fail (SD_IS_SESSION (session), FALSE);

  note->customer_id = customer_id;
  note->author_id = sd_session_get_staff_id (session);
  g_clear_pointer (&note->author_name, g_free);
  g_free (note->body);
  note->body = trimmed (text);
  note->created_at = now_utc ();
  return write_note (session, note, out_note_id, error);
}

static gboolean
delete_note_change (SdSession *session,
                    gpointer   data,
                    GError   **error)
{
  Edit *edit = data;

  return _sd_store_delete_note (sd_session_get_db (session), edit->note_id, error);
}

gboolean
sd_customers_delete_note (SdSession *session,
                          gint64     note_id,
                          GError   **error)
{
  Edit edit = { 0, NULL, note_id, FALSE };

  g_return_val_if_fail (SD_IS_SESSION (session), FALSE);
  return in_transaction (session, SD_PERMISSION_EDIT_CUSTOMERS, delete_note_change, &edit, error);
}

gboolean
sd_customers_restore_note (SdSession    *session,
                           const SdNote *note,
                           gint64       *out_note_id,
                           GError      **error)
{
  g_autoptr(SdNote) copy = NULL;

  g_return_val_if_fail (SD_IS_SESSION (session), FALSE);
  g_return_val_if_fail (note != NULL, FALSE);

  copy = sd_note_copy (note);
  return write_note (session, copy, out_note_id, error);
}

static gboolean
tag_change (SdSession *session,
            gpointer   data,
            GError   **error)
{
  Edit *edit = data;
  SdDb *db = sd_session_get_db (session);
  gboolean changed = FALSE;

  if (!_sd_store_customer_exists (db, edit->customer_id, error))
    return FALSE;
  if (edit->flag ? !_sd_store_add_tag (db, edit->customer_id, edit->text, &changed, error)
                 : !_sd_store_remove_tag (db, edit->customer_id, edit->text, &changed, error))
    return FALSE;
  /* The record form saves the whole tag list: a form read before this change must not
   * take it back. */
  return !changed || _sd_store_touch_customer (db, edit->customer_id, error);
}

static gboolean
check_tag (const char  *name,
           GError     **error)
{
  if (*name == '\0')
    return invalid (NULL, "tag", error, _("The tag is empty."));
  if (g_utf8_strlen (name, -1) > TAG_MAX_CHARS)
    return invalid (NULL, "tag", error, _("A tag has at most 32 characters."));
  if (strpbrk (name, ";,") != NULL)
    return invalid (NULL, "tag", error, _("A tag cannot contain “;” or “,”: they separate tags in exported files."));
  return TRUE;
}

static gboolean
change_tag (SdSession  *session,
            gint64      customer_id,
            const char *tag,
            gboolean    add,
            GError    **error)
{
  g_autofree char *name = trimmed (tag);
  Edit edit = { customer_id, name, 0, add };

  if (!check_tag (name, error))
    return FALSE;
  return in_transaction (session, SD_PERMISSION_EDIT_CUSTOMERS, tag_change, &edit, error);
}

typedef struct
{
  const gint64 *ids;
  guint         n_ids;
  const char   *tag;
  gboolean      add;
  GArray       *changed;
} ManyTags;

static gboolean
tag_many_change (SdSession *session,
                 gpointer   data,
                 GError   **error)
{
  ManyTags *many = data;
  SdDb *db = sd_session_get_db (session);

  for (guint i = 0; i < many->n_ids; i++)
    {
      gboolean changed = FALSE;
      g_autoptr(GError) gone = NULL;

      /* A customer merged away since the selection was made is passed over. */
      if (!_sd_store_customer_exists (db, many->ids[i], &gone))
        {
          if (g_error_matches (gone, SD_ERROR, SD_ERROR_NOT_FOUND))
            continue;
          g_propagate_error (error, g_steal_pointer (&gone));
          return FALSE;
        }
      if (many->add ? !_sd_store_add_tag (db, many->ids[i], many->tag, &changed, error)
                    : !_sd_store_remove_tag (db, many->ids[i], many->tag, &changed, error))
        return FALSE;
      if (changed && !_sd_store_touch_customer (db, many->ids[i], error))
        return FALSE;
      if (changed)
        g_array_append_val (many->changed, many->ids[i]);
    }
  return TRUE;
}

GArray *
sd_customers_tag_many (SdSession    *session,
                       const gint64 *ids,
                       guint         n_ids,
                       const char   *tag,
                       gboolean      add,
                       GError      **error)
{
  g_autofree char *name = trimmed (tag);
  g_autoptr(GArray) changed = g_array_new (FALSE, FALSE, sizeof (gint64));
  ManyTags many = { ids, n_ids, name, add, changed };

  g_return_val_if_fail (SD_IS_SESSION (session), NULL);
  g_return_val_if_fail (ids != NULL || n_ids == 0, NULL);

  if (!check_tag (name, error))
    return NULL;
  if (!in_transaction (session, SD_PERMISSION_EDIT_CUSTOMERS, tag_many_change, &many, error))
    return NULL;
  return g_steal_pointer (&changed);
}

gboolean
sd_customers_add_tag (SdSession  *session,
                      gint64      customer_id,
                      const char *tag,
                      GError    **error)
{
  g_return_val_if_fail (SD_IS_SESSION (session), FALSE);
  return change_tag (session, customer_id, tag, TRUE, error);
}

gboolean
sd_customers_remove_tag (SdSession  *session,
                         gint64      customer_id,
                         const char *tag,
                         GError    **error)
{
  g_return_val_if_fail (SD_IS_SESSION (session), FALSE);
  return change_tag (session, customer_id, tag, FALSE, error);
}

GPtrArray *
sd_customers_list_tags (SdSession *session,
                        GError   **error)
{
  g_return_val_if_fail (SD_IS_SESSION (session), NULL);
  if (!sd_session_require (session, SD_PERMISSION_VIEW_CUSTOMERS, error))
    return NULL;
  return _sd_store_list_tags (sd_session_get_db (session), error);
}

static gboolean
opt_out_change (SdSession *session,
                gpointer   data,
                GError   **error)
{
  Edit *edit = data;
  SdDb *db = sd_session_get_db (session);
  g_autoptr(SdCustomer) customer = NULL;

  if (!_sd_store_lock_customer (db, edit->customer_id, error))
    return FALSE;
  customer = _sd_store_load_customer (db, edit->customer_id, FALSE, error);
  if (customer == NULL)
    return FALSE;
  if (edit->flag && customer->sms_opt_out_at == 0)
    customer->sms_opt_out_at = now_utc ();
  else if (!edit->flag)
    customer->sms_opt_out_at = 0;
  sd_customer_set_text (&customer->sms_opt_out_reason, edit->flag ? edit->text : "");
  customer->updated_at = now_utc ();
  if (!_sd_store_update_customer (db, customer, error))
    return FALSE;
  /* An opt-out takes effect at once: the messages still queued for them never leave. */
  return !edit->flag || _sd_outbox_withdraw_customer (db, customer->id, "opted_out", customer->updated_at, error) >= 0;
}

gboolean
sd_customers_set_sms_opt_out (SdSession  *session,
                              gint64      customer_id,
                              gboolean    opted_out,
                              const char *reason,
                              GError    **error)
{
  g_autofree char *why = trimmed (reason);
  Edit edit = { customer_id, why, 0, opted_out };

  g_return_val_if_fail (SD_IS_SESSION (session), FALSE);
  return in_transaction (session, SD_PERMISSION_EDIT_CUSTOMERS, opt_out_change, &edit, error);
}

static void
fill_empty (char       **field,
            const char  *other)
{
  if ((*field == NULL || **field == '\0') && other != NULL && *other != '\0')
    sd_customer_set_text (field, other);
}

/* The kept customer's values win; what it lacks comes from the other. */
static SdCustomer *
merged_record (const SdCustomer *keep,
               const SdCustomer *other)
{
  SdCustomer *m = sd_customer_copy (keep);

  fill_empty (&m->nick, other->nick);
  fill_empty (&m->name, other->name);
  if (m->phone_state != SD_PHONE_VALID && other->phone_state == SD_PHONE_VALID)
    {
      sd_customer_set_text (&m->phone, other->phone);
      m->phone_state = other->phone_state;
    }
  else if (m->phone_state == SD_PHONE_NONE)
    {
      sd_customer_set_text (&m->phone, other->phone);
      m->phone_state = other->phone_state;
    }
  fill_empty (&m->email, other->email);
  if (m->gender == SD_GENDER_UNKNOWN)
    m->gender = other->gender;
  fill_empty (&m->birthday, other->birthday);
  if (*m->province == '\0' && *other->province != '\0')
    {
      sd_customer_set_text (&m->province, other->province);
      sd_customer_set_text (&m->city, other->city);
      sd_customer_set_text (&m->district, other->district);
      sd_customer_set_text (&m->address, other->address);
    }
  fill_empty (&m->address, other->address);
  if (other->created_at > 0 && (m->created_at == 0 || other->created_at < m->created_at))
    m->created_at = other->created_at;
  /* Whoever asked not to be messaged stays so. */
  if (other->sms_opt_out_at > 0 && (m->sms_opt_out_at == 0 || other->sms_opt_out_at < m->sms_opt_out_at))
    {
      m->sms_opt_out_at = other->sms_opt_out_at;
      sd_customer_set_text (&m->sms_opt_out_reason, other->sms_opt_out_reason);
    }
  for (guint i = 0; i < other->tags->len; i++)
    {
      const char *tag = g_ptr_array_index (other->tags, i);
      gboolean present = FALSE;
      for (guint j = 0; j < m->tags->len && !present; j++)
        present = g_strcmp0 (g_ptr_array_index (m->tags, j), tag) == 0;
      if (!present)
        g_ptr_array_add (m->tags, g_strdup (tag));
    }
  m->total_spent_cents += other->total_spent_cents;
  m->order_count += other->order_count;
  m->refund_count += other->refund_count;
  if (other->first_order_at > 0 && (m->first_order_at == 0 || other->first_order_at < m->first_order_at))
    m->first_order_at = other->first_order_at;
  m->last_order_at = MAX (m->last_order_at, other->last_order_at);
  if (other->notes != NULL)
    {
      if (m->notes == NULL)
        m->notes = g_ptr_array_new_with_free_func ((GDestroyNotify) sd_note_free);
      for (guint i = 0; i < other->notes->len; i++)
        g_ptr_array_add (m->notes, sd_note_copy (g_ptr_array_index (other->notes, i)));
    }
  return m;
}

/* The other's number refused marketing SMS (sms_optouts, MIIT Order 31): the same person
 * keeps refusing on the number the kept record has. */
static void
carry_number_opt_out (SdDb             *db,
                      SdCustomer       *merged,
                      const SdCustomer *other)
{
  g_autofree char *masked = NULL;
  g_autofree char *reason = NULL;

  if (merged->sms_opt_out_at > 0 || other->phone_state != SD_PHONE_VALID ||
      g_strcmp0 (merged->phone, other->phone) == 0 || !_sd_optouts_has (db, other->phone))
    return;
  masked = sd_phone_mask (other->phone);
  reason = g_strdup_printf (_("Merged customer #%lld’s number %s refused marketing SMS."), (long long) other->id,
                            masked);
  merged->sms_opt_out_at = sd_db_now (db);
  sd_customer_set_text (&merged->sms_opt_out_reason, reason);
}

static gboolean
load_pair (SdDb        *db,
           gint64       keep_id,
           gint64       other_id,
           SdCustomer **out_keep,
           SdCustomer **out_other,
           GError     **error)
{
  if (keep_id == other_id)
    {
      g_set_error_literal (error, SD_ERROR, SD_ERROR_INVALID_INPUT, _("A customer cannot be merged with itself."));
      return FALSE;
    }
  *out_keep = _sd_store_load_customer (db, keep_id, TRUE, error);
  if (*out_keep == NULL)
    return FALSE;
  *out_other = _sd_store_load_customer (db, other_id, TRUE, error);
  if (*out_other == NULL)
    {
      g_clear_pointer (out_keep, sd_customer_free);
      return FALSE;
    }
  return TRUE;
}

SdCustomer *
sd_customers_preview_merge (SdSession *session,
                            gint64     keep_id,
                            gint64     other_id,
                            GError   **error)
{
  g_autoptr(SdCustomer) keep = NULL;
  g_autoptr(SdCustomer) other = NULL;
  SdCustomer *merged;

  g_return_val_if_fail (SD_IS_SESSION (session), NULL);

  /* The preview shows both customers: reading them needs customers.view. */
  if (!sd_session_require (session, SD_PERMISSION_VIEW_CUSTOMERS, error) ||
      !sd_session_require (session, SD_PERMISSION_MERGE_CUSTOMERS, error) ||
      !load_pair (sd_session_get_db (session), keep_id, other_id, &keep, &other, error))
    return NULL;
  merged = merged_record (keep, other);
  carry_number_opt_out (sd_session_get_db (session), merged, other);
  if (!sees_contact (session))
    _sd_customer_mask_contact (merged);
  return merged;
}

typedef struct
{
  gint64 keep_id;
  gint64 other_id;
} MergeEdit;

static gboolean
merge_change (SdSession *session,
              gpointer   data,
              GError   **error)
{
  MergeEdit *edit = data;
  SdDb *db = sd_session_get_db (session);
  g_autoptr(SdCustomer) keep = NULL;
  g_autoptr(SdCustomer) other = NULL;
  g_autoptr(SdCustomer) merged = NULL;
  g_autofree char *trace = NULL;
  g_autofree char *other_phone = NULL;
  g_autofree char *object = NULL;
  g_autofree char *detail = NULL;

  if (!load_pair (db, edit->keep_id, edit->other_id, &keep, &other, error))
    return FALSE;
  merged = merged_record (keep, other);
  carry_number_opt_out (db, merged, other);
  merged->updated_at = now_utc ();
  /* The kept customer's figures now include the other's orders: their tier follows. */
  if (!_sd_store_merge_customers (db, merged, other->id, error) ||
      !_sd_tiers_recompute (db, &merged->id, 1, SD_TIER_CAUSE_RECOMPUTE, "merge",
                            SD_TIER_RECOMPUTE_KEEP_QUINTILES, NULL, error))
    return FALSE;

  /* The other record is gone; the note keeps what it was, for whoever wonders later. */
  /* Notes are read by everyone who sees the customer: the number is masked in them. */
  other_phone = *other->phone ? sd_phone_mask (other->phone) : g_strdup ("");
  trace = g_strdup_printf (_("Merged customer #%lld into this one (nick “%s”, name “%s”, mobile “%s”)."),
                           (long long) other->id, other->nick, other->name, other_phone);
  object = g_strdup_printf ("%" G_GINT64_FORMAT, merged->id);
  detail = g_strdup_printf ("customer #%" G_GINT64_FORMAT " merged into #%" G_GINT64_FORMAT,
                            other->id, merged->id);
  return _sd_store_add_note (db, merged->id, sd_session_get_staff_id (session), NULL, trace, now_utc (), NULL, error) &&
         sd_audit_append (session, SD_AUDIT_MERGE, "customer", object, detail, error);
}

static gboolean
delete_change (SdSession *session,
               gpointer   data,
               GError   **error)
{
  gint64 id = *(gint64 *) data;
  g_autoptr(SdCustomer) customer = _sd_store_load_customer (sd_session_get_db (session), id, FALSE, error);
  g_autofree char *object = NULL;
  g_autofree char *detail = NULL;

  if (customer == NULL)
    return FALSE;
  object = g_strdup_printf ("%" G_GINT64_FORMAT, id);
  detail = g_strdup_printf ("nick “%s”, name “%s”, %" G_GINT64_FORMAT " orders",
                            customer->nick, customer->name, customer->order_count);
  return _sd_store_delete_customer (sd_session_get_db (session), id, error) &&
         sd_audit_append (session, SD_AUDIT_DELETE, "customer", object, detail, error);
}

gboolean
sd_customers_delete (SdSession *session,
                     gint64     id,
                     GError   **error)
{
  g_return_val_if_fail (SD_IS_SESSION (session), FALSE);
  return in_transaction (session, SD_PERMISSION_MERGE_CUSTOMERS, delete_change, &id, error);
}

gboolean
sd_customers_merge (SdSession *session,
                    gint64     keep_id,
                    gint64     other_id,
                    GError   **error)
{
  MergeEdit edit = { keep_id, other_id };

  g_return_val_if_fail (SD_IS_SESSION (session), FALSE);
  return in_transaction (session, SD_PERMISSION_MERGE_CUSTOMERS, merge_change, &edit, error);
}

/* The query as the store runs it for this account; NULL when the account may not list. */
static SdCustomerQuery *
canonical_query (SdSession             *session,
                 const SdCustomerQuery *query,
                 GError               **error)
{
  SdCustomerQuery *copy;

  if (!sd_session_require (session, SD_PERMISSION_VIEW_CUSTOMERS, error))
    return NULL;
  copy = sd_customer_query_copy (query);
  copy->contact_hidden = !sees_contact (session);
  /* The order of the hidden digits would tell them, and a masked key cannot page. */
  if (copy->contact_hidden && copy->sort == SD_CUSTOMER_SORT_PHONE)
    copy->sort = SD_CUSTOMER_SORT_ID;

  if (copy->province && sd_address_canonical_province (copy->province) != NULL)
    sd_customer_set_text (&copy->province, sd_address_canonical_province (copy->province));
  return copy;
}

GPtrArray *
sd_customers_find (SdSession              *session,
                   const SdCustomerQuery  *query,
                   const SdCustomerCursor *after,
                   guint                   limit,
                   GError                **error)
{
  g_autoptr(SdCustomerQuery) q = NULL;
  GPtrArray *found;
  SdCustomerCursor by_id = { SD_CUSTOMER_SORT_ID, FALSE, 0, NULL, 0 };

  g_return_val_if_fail (SD_IS_SESSION (session), NULL);
  g_return_val_if_fail (query != NULL, NULL);

  q = canonical_query (session, query, error);
  if (q == NULL)
    return NULL;
  /* A phone sort turned into id order pages by id. */
  if (after != NULL && after->sort != q->sort)
    {
      by_id.descending = q->descending;
      by_id.key_int = by_id.id = after->id;
      after = &by_id;
    }
  found = _sd_store_find_customers (sd_session_get_db (session), q, after, limit, error);
  if (q->contact_hidden)
    mask_all (session, found);
  return found;
}

GArray *
sd_customers_list_ids (SdSession             *session,
                       const SdCustomerQuery *query,
                       GCancellable          *cancellable,
                       GError               **error)
{
  g_autoptr(SdCustomerQuery) q = NULL;

  g_return_val_if_fail (SD_IS_SESSION (session), NULL);
  g_return_val_if_fail (query != NULL, NULL);

  q = canonical_query (session, query, error);
  if (q == NULL)
    return NULL;
  return _sd_store_list_customer_ids (sd_session_get_db (session), q, cancellable, error);
}

GPtrArray *
sd_customers_get_many (SdSession     *session,
                       const gint64  *ids,
                       guint          n_ids,
                       GError       **error)
{
  GPtrArray *customers;

  g_return_val_if_fail (SD_IS_SESSION (session), NULL);
  g_return_val_if_fail (ids != NULL || n_ids == 0, NULL);

  if (!sd_session_require (session, SD_PERMISSION_VIEW_CUSTOMERS, error))
    return NULL;
  customers = _sd_store_load_customers (sd_session_get_db (session), ids, n_ids, error);
  mask_all (session, customers);
  return customers;
}

SdCustomerCursor *
sd_customers_cursor_after (const SdCustomerQuery *query,
                           const SdCustomer      *last)
{
  SdCustomerCursor *cursor = g_new0 (SdCustomerCursor, 1);

  cursor->sort = query->sort;
  cursor->descending = query->descending;
  cursor->id = last->id;
  switch (query->sort)
    {
    case SD_CUSTOMER_SORT_NAME:
      cursor->key_text = g_strdup (last->name);
      break;
    case SD_CUSTOMER_SORT_NICK:
      cursor->key_text = g_strdup (last->nick);
      break;
    case SD_CUSTOMER_SORT_PHONE:
      cursor->key_text = g_strdup (last->phone);
      break;
    case SD_CUSTOMER_SORT_CITY:
      cursor->key_text = g_strdup (last->city);
      break;
    case SD_CUSTOMER_SORT_TOTAL_SPENT:
      cursor->key_int = last->total_spent_cents;
      break;
    case SD_CUSTOMER_SORT_ORDER_COUNT:
      cursor->key_int = last->order_count;
      break;
    case SD_CUSTOMER_SORT_LAST_ORDER:
      cursor->key_int = last->last_order_at;
      break;
    case SD_CUSTOMER_SORT_TIER:
      cursor->key_int = last->tier;
      break;
    case SD_CUSTOMER_SORT_ID:
    default:
      cursor->key_int = last->id;
      break;
    }
  return cursor;
}

gint64
sd_customers_count (SdSession             *session,
                    const SdCustomerQuery *query,
                    GError               **error)
{
  g_autoptr(SdCustomerQuery) q = NULL;

  g_return_val_if_fail (SD_IS_SESSION (session), -1);

  q = canonical_query (session, query, error);
  if (q == NULL)
    return -1;
  return _sd_store_count_customers_matching (sd_session_get_db (session), q, error);
}

static gboolean
aggregates_change (SdSession *session,
                   gpointer   data,
                   GError   **error)
{
  return _sd_store_rebuild_aggregates (sd_session_get_db (session), SD_AGGREGATES_UNKNOWN, error);
}

gboolean
sd_customers_rebuild_aggregates (SdSession *session,
                                 GError   **error)
{
  g_return_val_if_fail (SD_IS_SESSION (session), FALSE);
  return in_transaction (session, SD_PERMISSION_EDIT_CUSTOMERS, aggregates_change, NULL, error);
}

gint64
sd_customers_count_orders (SdSession *session)
{
  g_return_val_if_fail (SD_IS_SESSION (session), 0);
  if (!sd_session_can (session, SD_PERMISSION_VIEW_CUSTOMERS))
    return 0;
  return _sd_store_count_orders (sd_session_get_db (session));
}
