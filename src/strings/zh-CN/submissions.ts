/** UI strings of the submissions pages (zh-CN). Keep keys stable: other catalogues will mirror them. */
export const submissions = {} as const;
