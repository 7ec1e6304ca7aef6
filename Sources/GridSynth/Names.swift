import Foundation

/// Place and person names for synthetic data, in the style of a Guangxi district.
enum Names {
    static let subdistricts = ["江滨街道", "柳岸街道", "荔园街道", "北站街道", "龙潭街道", "河西街道", "桂中街道", "鹿山街道"]
    static let towns = ["白沙镇", "洛维镇", "沙塘镇", "里雍镇"]
    static let stems = ["桂园", "阳和", "箭盘", "文笔", "荣军", "东环", "驾鹤", "鹿山", "花岭", "白莲", "柳石", "屏山",
                        "静兰", "红光", "沙塘", "马鹿", "西岸", "静湖", "新圩", "荔枝", "长塘", "金湾", "燕子岭", "古亭"]
    static let surnames = Array("王李张刘陈杨黄赵吴周徐孙马朱胡郭何林罗梁韦蒙覃莫廖谢唐")
    static let given = ["伟", "芳", "娜", "敏", "静", "强", "磊", "洋", "艳", "勇", "军", "杰", "娟", "涛", "明", "超",
                        "秀英", "丽华", "建国", "海燕", "志强", "春梅", "小红", "文斌", "桂兰", "德明", "永刚", "玉珍"]

    static func subdistrict(_ index: Int, town: Bool, seed: UInt64) -> String {
        if town { return towns[Int(seed % UInt64(towns.count))] }
        return index < subdistricts.count ? subdistricts[index] : "第\(index + 1)街道"
    }

    static func community(_ index: Int, village: Bool, seed: UInt64) -> String {
        let stem = index < stems.count ? stems[index] : "第\(index + 1)"
        return stem + (village ? "村" : "社区")
    }

    static func person(_ rng: inout SplitMix) -> String {
        String(surnames[Int(rng.next() % UInt64(surnames.count))]) + given[Int(rng.next() % UInt64(given.count))]
    }
}
