/** The open month's areas of Pudong (events.ts AREAS): the app's own list, so it has English names. */
export const zh = {
  "place.陆家嘴": "陆家嘴",
  "place.张江": "张江",
  "place.金桥": "金桥",
  "place.外高桥": "外高桥",
  "place.川沙": "川沙",
  "place.周浦": "周浦",
  "place.惠南": "惠南",
  "place.临港": "临港",
  "place.世博": "世博",
  "place.花木": "花木",
} as const;

export const en: Record<keyof typeof zh, string> = {
  "place.陆家嘴": "Lujiazui",
  "place.张江": "Zhangjiang",
  "place.金桥": "Jinqiao",
  "place.外高桥": "Waigaoqiao",
  "place.川沙": "Chuansha",
  "place.周浦": "Zhoupu",
  "place.惠南": "Huinan",
  "place.临港": "Lingang",
  "place.世博": "Expo",
  "place.花木": "Huamu",
};
