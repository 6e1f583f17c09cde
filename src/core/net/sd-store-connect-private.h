/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "sd-store-connect.h"

G_BEGIN_DECLS

/* The two connections, for sd_store_connection_new (), which has checked CONFIG. */
SdStoreConnection *_sd_taobao_connection_new  (const SdStoreConfig *config);
SdStoreConnection *_sd_shopify_connection_new (const SdStoreConfig *config);

#define SD_TOP_PAGE_SIZE_MAX     100
#define SD_SHOPIFY_PAGE_SIZE_MAX 250
#define SD_SHOPIFY_API_VERSION   "2024-01"

G_END_DECLS
