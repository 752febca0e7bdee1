import { Text, View } from '@tarojs/components'
import type { PropsWithChildren } from 'react'
import './index.scss'

interface FormFieldProps {
  label: string
  required?: boolean
  hint?: string
  error?: string
  className?: string
}

/** Label above its control so long labels and 大字模式 never squeeze the input. */
export function FormField({ label, required, hint, error, className, children }: PropsWithChildren<FormFieldProps>) {
  return (
    <View className={`form-field${error ? ' form-field--error' : ''}${className ? ` ${className}` : ''}`}>
      <Text className='form-field__label'>
        {label}
        {required && <Text className='form-field__required'> *</Text>}
      </Text>
      {children}
      {error ? <Text className='form-field__error'>{error}</Text> : hint && <Text className='form-field__hint'>{hint}</Text>}
    </View>
  )
}
