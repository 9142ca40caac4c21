import type { Generated } from 'kysely';

/** 打赏: one row per tip; the points themselves move in the ledger (`ledger_tx_id`). */
export interface TipsTable {
  id: Generated<number>;
  article_id: number;
  tipper_id: number;
  author_id: number;
  amount: number;
  author_share: number;
  site_share: number;
  anonymous: number; // 0/1
  message: string;
  ledger_tx_id: number | null;
  created_at: string;
}

/** The admin's tip settings: one row, id 1. Absent → built-in defaults. */
export interface TipSettingsTable {
  id: number;
  presets: string; // JSON array of integers
  share_percent: number;
  min_amount: number;
  max_amount: number;
  updated_at: string;
}

export interface TipsTables {
  tips: TipsTable;
  tip_settings: TipSettingsTable;
}
