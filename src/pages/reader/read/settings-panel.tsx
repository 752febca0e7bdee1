import { Popup } from '@nutui/nutui-react-taro'
import { Text, View } from '@tarojs/components'
import { fontSizeNames, lineSpacingNames, readerThemeNames } from '../../../shared/library/names'
import type { LineSpacing, ReaderFontSize, ReaderTheme } from '../../../shared/library/names'
import { cx } from '../../../utils/cx'

export interface ReaderLook {
  fontSize: ReaderFontSize
  lineSpacing: LineSpacing
  theme: ReaderTheme
}

interface SettingsPanelProps {
  visible: boolean
  look: ReaderLook
  onChange: (look: ReaderLook) => void
  onClose: () => void
}

const fontSizes = [1, 2, 3, 4] as const
const spacings = Object.keys(lineSpacingNames) as LineSpacing[]
const themes = Object.keys(readerThemeNames) as ReaderTheme[]

/** 字号, 行距 and 日间/夜间/护眼: each tap applies at once (the page saves it for every device). */
export function SettingsPanel({ visible, look, onChange, onClose }: SettingsPanelProps) {
  return (
    <Popup visible={visible} position='bottom' round closeable title='阅读设置' onClose={onClose}>
      <View className='reader-settings'>
        <View className='reader-settings__row'>
          <Text className='reader-settings__label'>字号</Text>
          <View className='reader-settings__options'>
            {fontSizes.map((size) => (
              <View
                key={size}
                className={cx('reader-settings__option', `reader-settings__option--size-${size}`, look.fontSize === size && 'reader-settings__option--on')}
                onClick={() => onChange({ ...look, fontSize: size })}
              >
                {fontSizeNames[size]}
              </View>
            ))}
          </View>
        </View>
        <View className='reader-settings__row'>
          <Text className='reader-settings__label'>行距</Text>
          <View className='reader-settings__options'>
            {spacings.map((spacing) => (
              <View
                key={spacing}
                className={cx('reader-settings__option', look.lineSpacing === spacing && 'reader-settings__option--on')}
                onClick={() => onChange({ ...look, lineSpacing: spacing })}
              >
                {lineSpacingNames[spacing]}
              </View>
            ))}
          </View>
        </View>
        <View className='reader-settings__row'>
          <Text className='reader-settings__label'>背景</Text>
          <View className='reader-settings__options'>
            {themes.map((theme) => (
              <View
                key={theme}
                className={cx('reader-settings__option', `reader-settings__swatch--${theme}`, look.theme === theme && 'reader-settings__option--on')}
                onClick={() => onChange({ ...look, theme })}
              >
                {readerThemeNames[theme]}
              </View>
            ))}
          </View>
        </View>
      </View>
    </Popup>
  )
}
