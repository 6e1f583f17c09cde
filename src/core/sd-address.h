/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* A Taobao-style receiver address split into its parts, e.g.
 * "浙江省 杭州市 西湖区 文三路100号(310012)" → 浙江省 / 杭州市 / 西湖区 / 文三路100号. */
typedef struct
{
  char *province;
  char *city;
  char *district;
  char *street;
  char *postcode;
} SdAddress;

SdAddress  *sd_address_split          (const char *full);
void        sd_address_free           (SdAddress  *address);
gboolean    sd_address_is_province    (const char *name);
const char *sd_address_canonical_province (const char *name);

/* The division data, for the demo generator and province filters. */
guint       sd_address_get_n_provinces (void);
const char *sd_address_get_province    (guint index);
guint       sd_address_get_n_cities    (guint province);
const char *sd_address_get_city        (guint province, guint city);
guint       sd_address_get_n_districts (guint province, guint city);
const char *sd_address_get_district    (guint province, guint city, guint district);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SdAddress, sd_address_free)

G_END_DECLS
