/* Block type numbers of the scap file format (scap-format.md §1.4). */
#ifndef SYSCOPE_SCAP_BLOCKS_H
#define SYSCOPE_SCAP_BLOCKS_H

#define BT_SHB 0x0A0D0D0Au
#define BT_MI 0x201u
#define BT_MI_INT 0x8002ABCDu
#define BT_PL_V1 0x202u
#define BT_PL_V1_INT 0x8000ABCDu
#define BT_PL_V2 0x207u
#define BT_PL_V2_INT 0x8013ABCDu
#define BT_PL_V3 0x209u
#define BT_PL_V3_INT 0x8014ABCDu
#define BT_PL_V4 0x210u
#define BT_PL_V5 0x211u
#define BT_PL_V6 0x212u
#define BT_PL_V7 0x213u
#define BT_PL_V8 0x214u
#define BT_PL_V9 0x215u
#define BT_FDL 0x203u
#define BT_FDL_INT 0x8001ABCDu
#define BT_FDL_V2 0x218u
#define BT_IL 0x205u
#define BT_IL_INT 0x8011ABCDu
#define BT_IL_V2 0x219u
#define BT_UL 0x206u
#define BT_UL_INT 0x8012ABCDu
#define BT_UL_V2 0x220u
#define BT_EV 0x204u
#define BT_EV_INT 0x8010ABCDu
#define BT_EVF 0x208u
#define BT_EV_V2 0x216u
#define BT_EV_V2_LARGE 0x221u
#define BT_EVF_V2 0x217u
#define BT_EVF_V2_LARGE 0x222u

#define SHB_MAGIC 0x1A2B3C4Du
#define SHB_MAGIC_SWAPPED 0x4D3C2B1Au
#define SHB_BODY_LEN 16
#define MI_BODY_LEN 180
#define EV_BLOCK_MAX 65536u /* non-LARGE event blocks, after the 8-byte header */

#endif
