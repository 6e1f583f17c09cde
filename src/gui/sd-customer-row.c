/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "sd-customer-row"

#include "sd-customer-row.h"

struct _SdCustomerRow
{
  GObject     parent_instance;
  gint64      id;
  SdCustomer *customer;
};

G_DEFINE_FINAL_TYPE (SdCustomerRow, sd_customer_row, G_TYPE_OBJECT)

static void
sd_customer_row_finalize (GObject *object)
{
  SdCustomerRow *self = SD_CUSTOMER_ROW (object);

  g_clear_pointer (&self->customer, sd_customer_free);
  G_OBJECT_CLASS (sd_customer_row_parent_class)->finalize (object);
}

static void
sd_customer_row_class_init (SdCustomerRowClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = sd_customer_row_finalize;
}

static void
sd_customer_row_init (SdCustomerRow *self)
{
}

/* Takes CUSTOMER. */
SdCustomerRow *
sd_customer_row_new (gint64      id,
                     SdCustomer *customer)
{
  SdCustomerRow *self = g_object_new (SD_TYPE_CUSTOMER_ROW, NULL);

  self->id = id;
  self->customer = customer;
  return self;
}

gint64
sd_customer_row_get_id (SdCustomerRow *self)
{
  g_return_val_if_fail (SD_IS_CUSTOMER_ROW (self), 0);
  return self->id;
}

const SdCustomer *
sd_customer_row_get_customer (SdCustomerRow *self)
{
  g_return_val_if_fail (SD_IS_CUSTOMER_ROW (self), NULL);
  return self->customer;
}

static gboolean
same_tags (const GPtrArray *a,
           const GPtrArray *b)
{
  guint na = a ? a->len : 0;
  guint nb = b ? b->len : 0;

  if (na != nb)
    return FALSE;
  for (guint i = 0; i < na; i++)
    if (g_strcmp0 (g_ptr_array_index (a, i), g_ptr_array_index (b, i)) != 0)
      return FALSE;
  return TRUE;
}

/* Everything a line of the list can show, and what it opens. */
static gboolean
same_customer (const SdCustomer *a,
               const SdCustomer *b)
{
  const char *const texts_a[] = { a->platform, a->nick, a->name, a->phone, a->email, a->birthday, a->province,
                                  a->city, a->district, a->address, a->source, a->sms_opt_out_reason };
  const char *const texts_b[] = { b->platform, b->nick, b->name, b->phone, b->email, b->birthday, b->province,
                                  b->city, b->district, b->address, b->source, b->sms_opt_out_reason };

  for (guint i = 0; i < G_N_ELEMENTS (texts_a); i++)
    if (g_strcmp0 (texts_a[i], texts_b[i]) != 0)
      return FALSE;
  return a->id == b->id && a->phone_state == b->phone_state && a->gender == b->gender &&
         a->created_at == b->created_at && a->updated_at == b->updated_at &&
         a->sms_opt_out_at == b->sms_opt_out_at && a->total_spent_cents == b->total_spent_cents &&
         a->order_count == b->order_count && a->first_order_at == b->first_order_at &&
         a->last_order_at == b->last_order_at && a->refund_count == b->refund_count &&
         a->tier == b->tier && a->tier_pinned == b->tier_pinned && a->rfm_group == b->rfm_group &&
         a->contact_masked == b->contact_masked && same_tags (a->tags, b->tags);
}

gboolean
sd_customer_row_update (SdCustomerRow *self,
                        SdCustomer    *customer)
{
  gboolean same;

  g_return_val_if_fail (SD_IS_CUSTOMER_ROW (self), FALSE);

  if (self->customer == NULL || customer == NULL)
    same = self->customer == customer;
  else
    same = same_customer (self->customer, customer);
  g_clear_pointer (&self->customer, sd_customer_free);
  self->customer = customer;
  return !same;
}

SdCustomer *
sd_customer_row_steal_customer (SdCustomerRow *self)
{
  g_return_val_if_fail (SD_IS_CUSTOMER_ROW (self), NULL);
  return g_steal_pointer (&self->customer);
}
