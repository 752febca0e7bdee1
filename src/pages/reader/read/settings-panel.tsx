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

interface SettingRowProps<K extends keyof ReaderLook> {
  label: string
  setting: K
  options: readonly ReaderLook[K][]
  names: Record<ReaderLook[K], string>
  /** A class of each option's own (its type size, its theme's colours). */
  optionClass: (value: ReaderLook[K]) => string | false
  look: ReaderLook
  onChange: (look: ReaderLook) => void
}

function SettingRow<K extends keyof ReaderLook>({ label, setting, options, names, optionClass, look, onChange }: SettingRowProps<K>) {
  return (
    <View className='reader-settings__row'>
      <Text className='reader-settings__label'>{label}</Text>
      <View className='reader-settings__options'>
        {options.map((value) => (
          <View
            key={String(value)}
            className={cx('reader-settings__option', optionClass(value), look[setting] === value && 'reader-settings__option--on')}
            onClick={() => onChange({ ...look, [setting]: value })}
          >
            {names[value]}
          </View>
        ))}
      </View>
    </View>
  )
}

/** 字号, 行距 and 日间/夜间/护眼: each tap applies at once (the page saves it for every device). */
export function SettingsPanel({ visible, look, onChange, onClose }: SettingsPanelProps) {
  return (
    <Popup className={`reader-settings-popup--${look.theme}`} visible={visible} position='bottom' round closeable title='阅读设置' onClose={onClose}>
      <View className='reader-settings'>
        <SettingRow label='字号' setting='fontSize' options={fontSizes} names={fontSizeNames} optionClass={(size) => `reader-settings__option--size-${size}`} look={look} onChange={onChange} />
        <SettingRow label='行距' setting='lineSpacing' options={spacings} names={lineSpacingNames} optionClass={() => false} look={look} onChange={onChange} />
        <SettingRow label='背景' setting='theme' options={themes} names={readerThemeNames} optionClass={(theme) => `reader-settings__swatch--${theme}`} look={look} onChange={onChange} />
      </View>
    </Popup>
  )
}
