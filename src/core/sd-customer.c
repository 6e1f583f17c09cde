/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "sd-customer"

#include "sd-i18n.h"

#include "sd-customer-private.h"
#include "sd-error.h"

G_DEFINE_BOXED_TYPE (SdCustomer, sd_customer, sd_customer_copy, sd_customer_free)
G_DEFINE_BOXED_TYPE (SdNote, sd_note, sd_note_copy, sd_note_free)

SdCustomer *
sd_customer_new (void)
{
  SdCustomer *customer = g_new0 (SdCustomer, 1);

  customer->platform = g_strdup ("taobao");
  customer->nick = g_strdup ("");
  customer->name = g_strdup ("");
  customer->phone = g_strdup ("");
  customer->email = g_strdup ("");
  customer->birthday = g_strdup ("");
  customer->province = g_strdup ("");
  customer->city = g_strdup ("");
  customer->district = g_strdup ("");
  customer->address = g_strdup ("");
  customer->source = g_strdup ("");
  customer->sms_opt_out_reason = g_strdup ("");
  customer->tier = -1;
  customer->tags = g_ptr_array_new_with_free_func (g_free);
  return customer;
}

static GPtrArray *
copy_strings (GPtrArray *strings)
{
  GPtrArray *copy = g_ptr_array_new_with_free_func (g_free);

  for (guint i = 0; strings && i < strings->len; i++)
    g_ptr_array_add (copy, g_strdup (g_ptr_array_index (strings, i)));
  return copy;
}

SdCustomer *
sd_customer_copy (const SdCustomer *customer)
{
  SdCustomer *copy;

  g_return_val_if_fail (customer != NULL, NULL);

  copy = g_memdup2 (customer, sizeof *customer);
  copy->platform = g_strdup (customer->platform);
  copy->nick = g_strdup (customer->nick);
  copy->name = g_strdup (customer->name);
  copy->phone = g_strdup (customer->phone);
  copy->email = g_strdup (customer->email);
  copy->birthday = g_strdup (customer->birthday);
  copy->province = g_strdup (customer->province);
  copy->city = g_strdup (customer->city);
  copy->district = g_strdup (customer->district);
  copy->address = g_strdup (customer->address);
  copy->source = g_strdup (customer->source);
  copy->sms_opt_out_reason = g_strdup (customer->sms_opt_out_reason);
  copy->tags = copy_strings (customer->tags);
  copy->notes = NULL;
  if (customer->notes != NULL)
    {
      copy->notes = g_ptr_array_new_with_free_func ((GDestroyNotify) sd_note_free);
      for (guint i = 0; i < customer->notes->len; i++)
        g_ptr_array_add (copy->notes, sd_note_copy (g_ptr_array_index (customer->notes, i)));
    }
  return copy;
}

void
sd_customer_free (SdCustomer *customer)
{
  if (customer == NULL)
    return;

  g_free (customer->platform);
  g_free (customer->nick);
  g_free (customer->name);
  g_free (customer->phone);
  g_free (customer->email);
  g_free (customer->birthday);
  g_free (customer->province);
  g_free (customer->city);
  g_free (customer->district);
  g_free (customer->address);
  g_free (customer->source);
  g_free (customer->sms_opt_out_reason);
  g_clear_pointer (&customer->tags, g_ptr_array_unref);
  g_clear_pointer (&customer->notes, g_ptr_array_unref);
  g_free (customer);
}

gint64
sd_customer_get_average_order_cents (const SdCustomer *customer)
{
  g_return_val_if_fail (customer != NULL, 0);

  if (customer->order_count <= 0)
    return 0;
  /* Rounded half up, as a shop reads an average. */
  return (customer->total_spent_cents + customer->order_count / 2) / customer->order_count;
}

void
sd_customer_set_text (char       **field,
                      const char  *value)
{
  char *copy = g_strdup (value ? value : "");

  g_free (*field);
  *field = copy;
}

SdNote *
sd_note_new (void)
{
  SdNote *note = g_new0 (SdNote, 1);

  note->author_name = g_strdup ("");
  note->body = g_strdup ("");
  return note;
}

SdNote *
sd_note_copy (const SdNote *note)
{
  SdNote *copy = g_memdup2 (note, sizeof *note);

  copy->author_name = g_strdup (note->author_name);
  copy->body = g_strdup (note->body);
  return copy;
}

void
sd_note_free (SdNote *note)
{
  if (note == NULL)
    return;
  g_free (note->author_name);
  g_free (note->body);
  g_free (note);
}

const char *
sd_gender_to_string (SdGender gender)
{
  switch (gender)
    {
    case SD_GENDER_MALE:
      return "male";
    case SD_GENDER_FEMALE:
      return "female";
    case SD_GENDER_UNKNOWN:
    default:
      return "";
    }
}

gboolean
sd_gender_parse (const char *text,
                 SdGender   *out_gender)
{
  static const struct { const char *word; SdGender gender; } words[] = {
    { "", SD_GENDER_UNKNOWN }, { "unknown", SD_GENDER_UNKNOWN }, { "未知", SD_GENDER_UNKNOWN },
    { "保密", SD_GENDER_UNKNOWN },
    { "male", SD_GENDER_MALE }, { "m", SD_GENDER_MALE }, { "男", SD_GENDER_MALE }, { "1", SD_GENDER_MALE },
    { "female", SD_GENDER_FEMALE }, { "f", SD_GENDER_FEMALE }, { "女", SD_GENDER_FEMALE }, { "2", SD_GENDER_FEMALE },
  };
  g_autofree char *trimmed = g_strstrip (g_strdup (text ? text : ""));
  g_autofree char *folded = g_utf8_strdown (trimmed, -1);

  for (guint i = 0; i < G_N_ELEMENTS (words); i++)
    if (g_strcmp0 (folded, words[i].word) == 0)
      {
        *out_gender = words[i].gender;
        return TRUE;
      }
  return FALSE;
}

void
_sd_customer_mask_contact (SdCustomer *customer)
{
  if (customer == NULL || customer->contact_masked)
    return;
  if (customer->phone != NULL && *customer->phone != '\0')
    {
      g_autofree char *masked = sd_phone_mask (customer->phone);
      sd_customer_set_text (&customer->phone, masked);
    }
  if (customer->address != NULL && *customer->address != '\0')
    sd_customer_set_text (&customer->address, "****");
  customer->contact_masked = TRUE;
}

/* The fields a person edits, by the names sd_customers_save_edit () reports. */
static const struct
{
  const char *name;
  gsize       offset;
} text_fields[] = {
  { "platform", G_STRUCT_OFFSET (SdCustomer, platform) },
  { "nick", G_STRUCT_OFFSET (SdCustomer, nick) },
  { "name", G_STRUCT_OFFSET (SdCustomer, name) },
  { "phone", G_STRUCT_OFFSET (SdCustomer, phone) },
  { "email", G_STRUCT_OFFSET (SdCustomer, email) },
  { "birthday", G_STRUCT_OFFSET (SdCustomer, birthday) },
  { "province", G_STRUCT_OFFSET (SdCustomer, province) },
  { "city", G_STRUCT_OFFSET (SdCustomer, city) },
  { "district", G_STRUCT_OFFSET (SdCustomer, district) },
  { "address", G_STRUCT_OFFSET (SdCustomer, address) },
  { "source", G_STRUCT_OFFSET (SdCustomer, source) },
};

guint
_sd_customer_n_text_fields (void)
{
  return G_N_ELEMENTS (text_fields);
}

const char *
_sd_customer_text_field_name (guint i)
{
  g_return_val_if_fail (i < G_N_ELEMENTS (text_fields), NULL);
  return text_fields[i].name;
}

char **
_sd_customer_text_field (SdCustomer *customer,
                         guint       i)
{
  g_return_val_if_fail (i < G_N_ELEMENTS (text_fields), NULL);
  return &G_STRUCT_MEMBER (char *, customer, text_fields[i].offset);
}

static gint
text_field_index (const char *name)
{
  for (guint i = 0; i < G_N_ELEMENTS (text_fields); i++)
    if (g_strcmp0 (name, text_fields[i].name) == 0)
      return (gint) i;
  return -1;
}

char *
sd_customer_get_field (const SdCustomer *customer,
                       const char       *field)
{
  gint i = text_field_index (field);

  g_return_val_if_fail (customer != NULL, NULL);

  if (i >= 0)
    return g_strdup (*_sd_customer_text_field ((SdCustomer *) customer, (guint) i));
  if (g_strcmp0 (field, "gender") == 0)
    return g_strdup (sd_gender_to_string (customer->gender));
  if (g_strcmp0 (field, "tags") == 0)
    {
      g_autoptr(GStrvBuilder) tags = g_strv_builder_new ();
      g_auto(GStrv) all = NULL;

      for (guint t = 0; customer->tags != NULL && t < customer->tags->len; t++)
        g_strv_builder_add (tags, g_ptr_array_index (customer->tags, t));
      all = g_strv_builder_end (tags);
      return g_strjoinv (", ", all);
    }
  return NULL;
}

gboolean
sd_customer_set_field (SdCustomer  *customer,
                       const char  *field,
                       const char  *value,
                       GError     **error)
{
  gint i = text_field_index (field);

  g_return_val_if_fail (customer != NULL, FALSE);

  if (i >= 0)
    {
      sd_customer_set_text (_sd_customer_text_field (customer, (guint) i), value);
      return TRUE;
    }
  if (g_strcmp0 (field, "gender") == 0)
    {
      if (sd_gender_parse (value, &customer->gender))
        return TRUE;
      g_set_error (error, SD_ERROR, SD_ERROR_INVALID_INPUT,
                   _("“%s” is not a gender ShopDesk knows (male, female or unknown)."), value);
      return FALSE;
    }
  g_set_error (error, SD_ERROR, SD_ERROR_INVALID_INPUT,
               _("“%s” is not a customer field that can be edited (name, nick, platform, phone, email, gender, "
                 "birthday, province, city, district, address or source)."), field);
  return FALSE;
}
