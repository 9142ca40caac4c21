/** UI strings of the members pages (zh-CN). Keep keys stable: other catalogues will mirror them. */
export const members = {} as const;
