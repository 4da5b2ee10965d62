/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "bs-live-bestsellers.h"
#include "bs-shop.h"

G_BEGIN_DECLS

/* BsShop is one class in four files: its state, the catalog and best sellers
 * (bs-shop.c), starting (bs-shop-start.c), the signed-in customer's data: cart, orders,
 * recommendations and friends (bs-shop-customer.c), and changing the cart and checking
 * out (bs-shop-cart.c). */

/* Which answer a model shows. Every load takes a number; a local change takes one too
 * and shows at once. An answer is shown only when its number is newer than what is
 * shown: an older one finishing later (a snapshot after the server's answer, a fetch
 * begun before a checkout) never wins. */
typedef struct
{
  guint64 asked;
  guint64 shown;
} BsFreshness;

/* The parts of a customer's data, each loaded on its own. */
typedef enum
{
  BS_SHOP_CART,
  BS_SHOP_ORDERS,
  BS_SHOP_RECOMMENDATIONS,
  BS_SHOP_N_PARTS
} BsShopPart;

struct _BsShop
{
  GObject parent_instance;

  BsClient *client;                 /* (owned) */
  BsCache *cache;                   /* (owned) */
  BsTokenStore *tokens;             /* (owned) */
  BsSession *session;               /* (owned) (nullable): once the server's id is known */
  BsCatalog *catalog;               /* (owned) */
  BsLiveBestsellers *bestsellers;   /* (owned) */
  BsCoverCache *cover_cache;        /* (owned) */
  GPtrArray *heard_board;           /* (owned) (nullable): the server's last board, BsBookCount */
  BsCart *cart;                     /* (owned) */
  GListStore *orders;               /* (owned): BsOrder */
  GListStore *recommendations;      /* (owned): BsBookCount */
  char *server_id;                  /* (owned) (nullable) */
  char *remembered_as;              /* (owned) (nullable): its id's key in the cache; NULL: its URL */
  char *catalog_saved_for;          /* (owned) (nullable): the server whose saved catalog is shown */
  gboolean books_from_server;       /* the server's own books are on their way or shown */
  gboolean offline;
  gboolean starting;
  gboolean signed_in;
  char *customer_id;                /* (owned) (nullable): whose data is shown */
  gboolean loaded[BS_SHOP_N_PARTS]; /* the customer's part shown is theirs, saved or fresh */
  gboolean failed[BS_SHOP_N_PARTS]; /* its last load got an error answer */
  GCancellable *cancellable;        /* (owned): everything of this shop */
  GCancellable *customer;           /* (owned): loads of the signed-in customer's data */
  GHashTable *lines;                /* (owned): book id → BsLineQueue, the cart lines being changed */
  GPtrArray *checkouts_waiting;     /* (owned): GTask, each until the lines' changes are in */
  BsFreshness freshness[BS_SHOP_N_PARTS];
  guint64 customer_epoch;           /* one more at every arrival and departure of a customer */
};

void     bs_shop_note_reachability   (BsShop       *self,
                                      const GError *error);
void     bs_shop_keep                (BsShop         *self,
                                      const char     *what,
                                      BsSnapshotKind  kind,
                                      GPtrArray      *models,
                                      const char     *tag);
void     bs_shop_set_loaded          (BsShop       *self,
                                      BsShopPart    part,
                                      gboolean      loaded);
void     bs_shop_set_failed          (BsShop       *self,
                                      BsShopPart    part,
                                      gboolean      failed);
void     bs_shop_set_starting        (BsShop       *self,
                                      gboolean      starting);
void     bs_shop_set_server          (BsShop       *self,
                                      const char   *server_id);
const char *bs_shop_remembered_as    (BsShop       *self);

void     bs_shop_changed_here        (BsShop       *self,
                                      BsShopPart    part);
void     bs_shop_refresh_part        (BsShop       *self,
                                      BsShopPart    part);
GTask   *bs_shop_customer_task_new   (BsShop              *self,
                                      gpointer             source_tag,
                                      GCancellable        *cancellable,
                                      GAsyncReadyCallback  callback,
                                      gpointer             user_data);

void     bs_shop_cart_init           (BsShop       *self);
void     bs_shop_cart_detach         (BsShop       *self);
void     bs_shop_cart_dispose        (BsShop       *self);

void     bs_shop_customer_init       (BsShop       *self);
void     bs_shop_customer_dispose    (BsShop       *self);
void     bs_shop_customer_arrived    (BsShop       *self);
void     bs_shop_customer_left       (BsShop       *self);
void     bs_shop_customer_cancel     (BsShop       *self);

guint64  bs_freshness_ask            (BsFreshness  *freshness);
gboolean bs_freshness_take           (BsFreshness  *freshness,
                                      guint64       generation);
void     bs_freshness_local          (BsFreshness  *freshness);

G_END_DECLS
